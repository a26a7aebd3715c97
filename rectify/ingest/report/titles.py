"""A task's short title from its finding's text, when the source gives the task no name of its own.

Feedback findings open in one of a few ways, and the title is the part that names the problem:

- a heading sentence: 思想认识有偏差。一些地方… → 思想认识有偏差;
- a framing phrase first: 督察发现，“十三五”末，自治区一些地方上报…数据不实，… → the text after
  督察发现/督察指出/反馈指出/经查…, without a leading time phrase (“十三五”末, 2019年以来, 2022年1月28日至2月5日);
- a requirement, then the breach: 国家明确要求，…。但自治区发展改革委…出具节能审查复核意见。 → the breach.

Then whole clauses (cut at ，) are kept while they fit SHORT characters; a first clause longer than
that is kept whole up to TITLE_LENGTH, and only a clause longer still is cut, at a word boundary
(jieba), with "…". The title is always words of the finding, in their order.
"""

from __future__ import annotations

import re

SHORT = 40
TITLE_LENGTH = 60

_SENTENCES = re.compile(r"[^。！？；\n]+")
_FRAMING = re.compile(
    r"(?:^|，)(?:但|而|同时|此外|另外)?(?:经查|(?:督察组?|反馈|调查|核查|检查|抽查|暗查|暗访)(?:中|时)?"
    r"(?:发现|指出|查实|了解到|还发现))[，：:、]?"
)
_CONJUNCTION = re.compile(r"^(?:但是|但|然而|而且|而|同时|此外|另外|其中|特别是)[，,]?")
_REQUIREMENT = re.compile(r"要求|规定|明确|提出")
_BREACH = re.compile(r"^(?:但是|但|然而|而)")
_TIME_WORDS = re.compile(
    r"[\d〇零一二三四五六七八九十百]+|以来|期间|前后|以后|之前|之后|上半年|下半年|年底|年初|年末"
    r"|[年月日号至到末初底—\-－~～“”\"「」\s]"
)
_TRAILING = "，,。；;：:、 "


def _is_time_only(clause: str) -> bool:
    """“十三五”末, 2019年以来, 2022年1月28日至2月5日: a time phrase and nothing else."""
    return bool(re.search(r"[\d〇零一二三四五六七八九十]", clause)) and not _TIME_WORDS.sub("", clause)


def _problem_sentence(text: str) -> str:
    sentences = [s.strip() for s in _SENTENCES.findall(text) if s.strip()]
    if not sentences:
        return ""
    chosen = sentences[0]
    if _REQUIREMENT.search(chosen) and len(sentences) > 1 and _BREACH.match(sentences[1]):
        chosen = sentences[1]  # 国家明确要求，…。但…: the breach names the problem
    # the last framing phrase: what follows it is what the inspectors found
    framing = next(reversed(list(_FRAMING.finditer(chosen))), None)
    if framing is not None and framing.end() < len(chosen):
        chosen = chosen[framing.end() :]
    return _CONJUNCTION.sub("", chosen).strip(_TRAILING)


def _cut(clause: str) -> str:
    """A clause longer than TITLE_LENGTH, cut at the last word boundary that fits, with "…"."""
    import jieba  # slow to load; only the rare over-long clause needs it

    kept = ""
    for word in jieba.cut(clause):
        if len(kept) + len(word) > TITLE_LENGTH - 1:
            break
        kept += word
    return (kept or clause[: TITLE_LENGTH - 1]).rstrip(_TRAILING) + "…"


def task_title(finding_text: str) -> str:
    """A short title naming the finding's problem (see the module docstring); "" for an empty text."""
    sentence = _problem_sentence(finding_text)
    clauses = [c.strip() for c in sentence.split("，") if c.strip()]
    while len(clauses) > 1 and _is_time_only(clauses[0]):
        clauses.pop(0)
    if not clauses:
        return ""
    title = clauses[0]
    for clause in clauses[1:]:
        if len(title) + 1 + len(clause) > SHORT:
            break
        title = f"{title}，{clause}"
    title = title.strip(_TRAILING)
    return title if len(title) <= TITLE_LENGTH else _cut(title)
