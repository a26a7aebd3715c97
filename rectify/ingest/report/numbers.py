"""Numbering labels at the start of a line: 一、 （一） 1. 1、 （1） 一是 序号N 省序号N 市序号N.

Lines reach this module already normalised by `text.py`: full-width digits are ASCII, brackets and
colons are the Chinese ones （ ） ：, so `(一)` arrives as `（一）`.

A label has a *kind*; kinds are ordered from coarse to fine as official documents nest them:

    seq (序号N, 省序号N, 市序号N)  >  cn (一、)  >  cn_paren (（一）)  >  arabic (1. / 1、)
    >  arabic_paren (（1） / 1）)  >  shi (一是)

The parser uses that order to decide which kind numbers the findings and which numbers measures.
Chinese numerals are read with cn2an, guarded: a numeral it rejects makes the line unnumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

SEQ, CN, CN_PAREN, ARABIC, ARABIC_PAREN, SHI = "seq", "cn", "cn_paren", "arabic", "arabic_paren", "shi"
KIND_ORDER = (SEQ, CN, CN_PAREN, ARABIC, ARABIC_PAREN, SHI)  # coarse to fine
RANK = {kind: index for index, kind in enumerate(KIND_ORDER)}

CN_DIGITS = "零〇一二三四五六七八九十百千两"
_NUM = rf"(?P<num>\d{{1,4}}|[{CN_DIGITS}]{{1,9}})"

# One pattern per kind, tried in this order (序号 before 一、 because 序号一、 must not read as 一、).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SEQ, re.compile(rf"^(?P<scope>省|市|州|县|区)?序号\s*：?\s*{_NUM}\s*[、.．。：，]?\s*")),
    (CN, re.compile(rf"^(?P<num>[{CN_DIGITS}]{{1,9}})\s*[、.．]\s*")),
    (CN_PAREN, re.compile(rf"^（\s*(?P<num>[{CN_DIGITS}]{{1,9}})\s*）\s*[、.．]?\s*")),
    (ARABIC, re.compile(r"^(?P<num>\d{1,3})\s*[.．、](?![.．、])\s*")),
    (ARABIC_PAREN, re.compile(r"^(?:（\s*(?P<num>\d{1,3})\s*）|(?P<num2>\d{1,3})）)\s*[、.．]?\s*")),
    (SHI, re.compile(rf"^(?P<num>[{CN_DIGITS}]{{1,3}})是\s*[：:，]?\s*")),
)

# 省序号5 / 市序号：3, anywhere in a line.
SEQ_REF = re.compile(r"(?P<scope>省|市)序号\s*[：:]?\s*(?P<num>\d{1,4})")
_SEQ_REF_ONLY = re.compile(r"^[（【\[]?\s*(?:(?:省|市)序号\s*[：:]?\s*\d{1,4}\s*[，,、；;\s]*)+[）】\]]?$")


@dataclass(frozen=True)
class Numbering:
    """A numbering label found at the start of a line."""

    kind: str  # one of KIND_ORDER
    number: int
    label: str  # the numeral as printed: "十八", "3"
    rest: str  # the line after the label
    scope: str = ""  # for kind seq: "省", "市" … or "" for a plain 序号


@lru_cache(maxsize=4096)
def chinese_to_int(numeral: str) -> int | None:
    """Read a Chinese numeral (一, 十八, 一百零一, 两百, 〇) or Arabic digits; None when unreadable."""
    numeral = numeral.strip()
    if not numeral:
        return None
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    text = numeral.replace("两", "二").replace("〇", "零")
    try:
        value = int(cn2an.cn2an(text, "strict"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return value if value >= 0 else None


def match_numbering(line: str) -> Numbering | None:
    """The numbering label at the start of `line`, or None.

    >>> match_numbering("十八、农业节水存在短板。").number
    18
    """
    for kind, pattern in _PATTERNS:
        match = pattern.match(line)
        if match is None:
            continue
        numeral = match.group("num") if match.groupdict().get("num") else match.groupdict().get("num2")
        if not numeral:
            continue
        number = chinese_to_int(numeral)
        if number is None:
            continue
        scope = match.groupdict().get("scope") or ""
        return Numbering(kind, number, numeral, line[match.end() :].strip(), scope)
    return None


def seq_refs(text: str) -> tuple[int | None, int | None]:
    """The 省序号 and 市序号 named in `text` (the first of each), or None."""
    provincial = city = None
    for match in SEQ_REF.finditer(text):
        value = int(match.group("num"))
        if match.group("scope") == "省" and provincial is None:
            provincial = value
        elif match.group("scope") == "市" and city is None:
            city = value
    return provincial, city


def is_seq_ref_only(line: str) -> bool:
    """Whether the line holds nothing but 省序号/市序号 references, e.g. "省序号：7 市序号：2"."""
    return bool(_SEQ_REF_ONLY.match(line))


def finer(kind: str, than: str) -> bool:
    """Whether labels of `kind` nest inside labels of `than`."""
    return RANK[kind] > RANK[than]
