"""Which lines of the body are findings, and which are narrative.

Both the narrative and the attachment of a report number their parts (the seed numbers both with
一、), so a numbered heading alone does not make a finding. What does is a field line below it:
整改时限：… or 整改进展情况：… (the *anchors*; plans without a status have 整改措施： / 责任单位：…).

1. Every line is classified: its numbering label, its field label, attachment marker (附件：).
2. For each label kind from coarse to fine (序号 > 一、 > （一） > 1. > （1） > 一是) the body is cut into
   *blocks*: a block starts at a heading of that kind and ends at the next heading of that kind
   or a coarser one, or at an attachment marker. The finding kind is the first kind whose blocks
   hold every anchor, with no block holding two deadlines or two statuses (a slip in one block in
   ten is tolerated). With none such, the kind that leaves the fewest anchors out wins.
3. Consecutive blocks form *runs*; in a run, the findings are the blocks from the first one with an
   anchor to the end of the run (trailing blocks without any field line are narrative, e.g. a
   closing 下一步 section numbered like the findings).
4. After an attachment marker, the heading-like lines before the first numbered line are the
   attachment's title.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fields import DEADLINE, MEASURES, OTHER, PROBLEM, STATUS, Field, match_field
from .numbers import KIND_ORDER, RANK, Numbering, is_seq_ref_only, match_numbering
from .shapes import attachment_marker, ends_sentence
from .text import Line


@dataclass(frozen=True)
class LineInfo:
    """What one body line is."""

    numbering: Numbering | None
    field: Field | None
    marker: str | None  # text after 附件： when the line is an attachment marker, else None


@dataclass(frozen=True)
class Block:
    """A finding's lines: body[start:end], the first being its heading."""

    start: int
    end: int
    heading: Numbering


@dataclass
class Structure:
    """The findings' blocks, the finding kind, and the roles of the other lines."""

    kind: str | None = None
    findings: list[Block] = field(default_factory=list)
    attachment_titles: list[int] = field(default_factory=list)  # indexes of attachment-title lines
    markers: list[int] = field(default_factory=list)  # indexes of attachment marker lines
    orphan_anchors: list[int] = field(default_factory=list)  # field lines outside any finding


def classify(body: list[Line]) -> list[LineInfo]:
    """The numbering, field and marker of each body line."""
    infos = []
    for line in body:
        text = line.text
        numbering = None if is_seq_ref_only(text) else match_numbering(text)
        infos.append(LineInfo(numbering, match_field(text), attachment_marker(text)))
    return infos


def _partition(infos: list[LineInfo], kind: str) -> list[Block]:
    """Cut the body into blocks headed by labels of `kind` (see the module docstring)."""
    blocks: list[Block] = []
    current: tuple[int, Numbering] | None = None
    for index, info in enumerate(infos):
        numbering = info.numbering
        ends = info.marker is not None or (numbering is not None and RANK[numbering.kind] <= RANK[kind])
        if not ends:
            continue
        if current is not None:
            blocks.append(Block(current[0], index, current[1]))
            current = None
        if info.marker is None and numbering is not None and numbering.kind == kind:
            current = (index, numbering)
    if current is not None:
        blocks.append(Block(current[0], len(infos), current[1]))
    return blocks


def _anchors(infos: list[LineInfo]) -> list[int]:
    strong = [i for i, info in enumerate(infos) if info.field and info.field.role in (DEADLINE, STATUS)]
    if strong:
        return strong
    return [i for i, info in enumerate(infos) if info.field and info.field.role in (MEASURES, OTHER, PROBLEM)]


def _score(infos: list[LineInfo], blocks: list[Block], anchors: list[int]) -> tuple[int, int, int] | None:
    """(anchors outside blocks, blocks with a repeated deadline/status, blocks with anchors)."""
    owner = {}
    for number, block in enumerate(blocks):
        for index in range(block.start, block.end):
            owner[index] = number
    orphans = sum(1 for index in anchors if index not in owner)
    per_block: dict[int, list[str]] = {}
    for index in anchors:
        if index in owner:
            per_block.setdefault(owner[index], []).append(infos[index].field.role)
    repeated = sum(1 for roles in per_block.values() if roles.count(DEADLINE) > 1 or roles.count(STATUS) > 1)
    if not per_block:
        return None
    return orphans, repeated, len(per_block)


def _choose_kind(infos: list[LineInfo], anchors: list[int]) -> tuple[str, list[Block]] | None:
    best: tuple[tuple[int, int], str, list[Block]] | None = None
    for kind in KIND_ORDER:
        blocks = _partition(infos, kind)
        score = _score(infos, blocks, anchors)
        if score is None:
            continue
        orphans, repeated, anchored = score
        if orphans == 0 and repeated <= anchored // 10:
            return kind, blocks
        if best is None or (orphans + repeated, RANK[kind]) < best[0]:
            best = ((orphans + repeated, RANK[kind]), kind, blocks)
    return (best[1], best[2]) if best else None


def _has_fields(infos: list[LineInfo], block: Block) -> bool:
    return any(infos[i].field is not None for i in range(block.start, block.end))


def _finding_blocks(infos: list[LineInfo], blocks: list[Block], anchors: list[int]) -> list[Block]:
    anchor_set = set(anchors)
    runs: list[list[Block]] = []
    for block in blocks:
        if runs and runs[-1][-1].end == block.start:
            runs[-1].append(block)
        else:
            runs.append([block])
    findings: list[Block] = []
    for run in runs:
        anchored = [i for i, b in enumerate(run) if anchor_set.intersection(range(b.start, b.end))]
        if not anchored:
            continue
        chosen = run[anchored[0] :]
        if len(anchored) >= 2:
            while chosen and not _has_fields(infos, chosen[-1]):
                chosen.pop()
        findings.extend(chosen)
    return findings


def _attachment_titles(
    body: list[Line], infos: list[LineInfo], taken: set[int]
) -> tuple[list[int], list[int]]:
    markers, titles = [], []
    for index, info in enumerate(infos):
        if info.marker is None or index in taken:
            continue
        markers.append(index)
        follower = index + 1
        while (
            follower < len(body)
            and follower not in taken
            and infos[follower].numbering is None
            and infos[follower].field is None
            and infos[follower].marker is None
            and len(body[follower].text) <= 60
            and not ends_sentence(body[follower].text)
        ):
            titles.append(follower)
            follower += 1
    return markers, titles


def find_structure(body: list[Line]) -> tuple[Structure, list[LineInfo]]:
    """Split the body into findings and the rest (see the module docstring)."""
    infos = classify(body)
    structure = Structure()
    anchors = _anchors(infos)
    chosen = _choose_kind(infos, anchors) if anchors else None
    if chosen is not None:
        structure.kind, blocks = chosen
        structure.findings = _finding_blocks(infos, blocks, anchors)
    taken = {i for block in structure.findings for i in range(block.start, block.end)}
    structure.markers, structure.attachment_titles = _attachment_titles(body, infos, taken)
    structure.orphan_anchors = [i for i in anchors if i not in taken]
    return structure, infos
