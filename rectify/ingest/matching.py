"""Which finding of the ledger a notice, list or table row is about (pure: no Django).

A row names its finding by 省序号, 市序号 or 序号 (the finding's number), or only by its words.
The rules, in order:

1. 省序号, then 市序号: the ledger's finding with that number, when there is one;
2. 序号: the ledger's finding with that number, when the row gives no words or its words share at
   least SAME_NUMBER_FLOOR of their bigrams with it (a list numbered 一、二、… of its own speaks of
   other findings than the ledger's 1, 2, …: then its words decide);
3. the words: the finding whose text shares the most of the row's character bigrams (the
   overlap coefficient |A∩B| / min(|A|, |B|), on the bigrams `ledger.search_text` indexes), when
   it reaches TEXT_MATCH and beats the next best by MARGIN;
4. otherwise no finding: the caller warns, and never creates one.

The row's words are its quoted feedback when it quotes one (关于“…”的问题), else its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rectify.ledger.search_text import bigrams, normalise

TEXT_MATCH = 0.6
SAME_NUMBER_FLOOR = 0.25
MARGIN = 0.1
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_QUOTED = re.compile(r"[“\"]([^”\"]{4,})[”\"]")


@dataclass(frozen=True)
class LedgerFinding:
    number: int
    text: str
    provincial_seq: int | None = None
    city_seq: int | None = None


@dataclass(frozen=True)
class Named:
    """How a source row names its finding."""

    number: int | None  # its 序号, None when it gives none of its own
    text: str
    provincial_seq: int | None = None
    city_seq: int | None = None


@dataclass(frozen=True)
class Match:
    number: int  # the ledger finding's number
    how: str  # 省序号 / 市序号 / 序号 / 文字
    score: float  # the words' overlap (1.0 for a number with no words to compare)


def core_words(text: str) -> str:
    """The words to compare: the quoted feedback of 关于“…”的问题, else the whole text."""
    quoted = _QUOTED.search(text or "")
    return quoted.group(1) if quoted else (text or "")


def _grams(text: str) -> set[str]:
    return {gram for run in _HAN_RUN.findall(normalise(core_words(text))) for gram in bigrams(run)}


def overlap(a: str, b: str) -> float:
    """The overlap coefficient of two texts' Chinese bigrams (0 when either has none)."""
    first, second = _grams(a), _grams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def match_finding(named: Named, ledger: list[LedgerFinding]) -> Match | None:
    """The ledger finding `named` is about (see the module docstring), or None."""
    for how, key in (("省序号", "provincial_seq"), ("市序号", "city_seq")):
        wanted = getattr(named, key)
        if wanted is None:
            continue
        found = [f for f in ledger if getattr(f, key) == wanted]
        if len(found) == 1:
            return Match(found[0].number, how, overlap(named.text, found[0].text) if named.text else 1.0)
    scores = sorted(((overlap(named.text, f.text), f) for f in ledger), key=lambda p: -p[0])
    best = scores[0] if scores else None
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    by_words = best if best and best[0] >= TEXT_MATCH and best[0] - runner_up >= MARGIN else None
    if named.number is not None:
        numbered = next((f for f in ledger if f.number == named.number), None)
        if numbered is not None:
            score = overlap(named.text, numbered.text) if _grams(named.text) else 1.0
            if score >= SAME_NUMBER_FLOOR or (by_words is not None and by_words[1] is numbered):
                return Match(numbered.number, "序号", score)
    if by_words is not None:
        return Match(by_words[1].number, "文字", by_words[0])
    return None
