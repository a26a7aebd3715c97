"""A notice, progress list or disclosure table imported into an existing inspection: which of the
ledger's findings (and so tasks) each of its rows is about. It never adds a finding: a row that
names none of the ledger's is left out with a warning saying so.

The match itself is `ingest.matching` (pure); here the draft's rows are turned into the draft tasks
the planner records as reports on the matched tasks, and into the preview's rows (`MatchRow`).
The measures a row states become part of its progress text: their numbering is the notice's own,
not the ledger's, so they update no measure of the ledger.
"""

from dataclasses import dataclass, replace

from rectify.ingest.draft import DraftFinding, DraftTask, LedgerDraft
from rectify.ingest.matching import LedgerFinding, Named, match_finding
from rectify.ledger.models import Finding, Task


@dataclass(frozen=True)
class MatchRow:
    """One row of the preview's 「对应的整改任务」 table."""

    line: int | str | None
    source: str  # how the document names it: 序号12（市序号15） …
    text: str  # its words, shortened
    target: str  # 任务3「…」, or what went wrong
    how: str  # 按省序号 / 按市序号 / 按序号 / 按文字（重合度0.82）
    matched: bool


def source_name(d: DraftFinding) -> str:
    parts = [f"序号{d.label or d.number}"] if d.numbered else []
    parts += [f"省序号{d.provincial_seq}"] * (d.provincial_seq is not None)
    parts += [f"市序号{d.city_seq}"] * (d.city_seq is not None)
    if not parts:
        return "未编号"
    return parts[0] + "".join(f"（{p}）" for p in parts[1:])


def _with_measures(task: DraftTask) -> DraftTask:
    """The task's measures folded into its progress text (they update no measure of the ledger)."""
    lines = [task.progress_detail] if task.progress_detail else []
    for m in task.measures:
        lines.append(f"{m.number}. {m.text}" + (f"（{m.progress_text}）" if m.progress_text else ""))
    return replace(task, measures=(), progress_detail="\n".join(lines) or None)


@dataclass
class Matched:
    tasks: list[DraftTask]
    rows: list[MatchRow]
    warnings: list[str]


def match_draft(
    draft: LedgerDraft, findings: dict[int, Finding], tasks_by_finding: dict[int, list[Task]], where
) -> Matched:
    """The draft's tasks re-pointed at the ledger's findings they are about; the preview's rows; the
    warnings for rows about no finding of the ledger. `where(line)` writes a row's place."""
    ledger = [LedgerFinding(f.number, f.text, f.provincial_seq, f.city_seq) for f in findings.values()]
    result = Matched([], [], [])
    for d in draft.findings:
        named = Named(d.number if d.numbered else None, d.text, d.provincial_seq, d.city_seq)
        match = match_finding(named, ledger)
        own = [t for t in draft.tasks if t.finding_numbers[:1] == (d.number,)]
        name, words = source_name(d), d.text[:40]
        if match is None:
            result.warnings.append(
                f"{where(d.line)}{name}“{words}”在台账中找不到对应的反馈问题（按省序号、市序号、序号和文字均未匹配），"
                "未导入；请核对所选督察，或先在台账中补录该问题"
            )
            result.rows.append(MatchRow(d.line, name, words, "未找到对应的问题，未导入", "—", False))
            continue
        how = f"按{match.how}" + (f"（文字重合度{match.score:.2f}）" if match.how == "文字" else "")
        covering = tasks_by_finding.get(match.number, [])
        if len(covering) == 1:
            target = f"任务{covering[0].number}「{covering[0].title}」"
        elif covering:
            target = f"问题{match.number}（对应{len(covering)}项任务，未自动更新）"
        else:
            target = f"问题{match.number}（台账中尚无对应任务）"
        result.rows.append(MatchRow(d.line, name, words, target, how, len(covering) == 1))
        result.tasks.extend(_with_measures(replace(t, finding_numbers=(match.number,))) for t in own)
    return result
