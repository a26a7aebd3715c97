"""Text as both databases store it (pure: no Django).

    storable("复制来的\x00文字") -> "复制来的文字"

PostgreSQL cannot store U+0000 in a text column (the write fails: a 500), SQLite stores it; a lone
surrogate (which a workbook cell can hold, a form cannot send) is not UTF-8 and fails on both. Every
text a user types or a workbook holds passes through `storable` before it is stored, so the two
databases keep the same thing. Other control characters (a vertical tab pasted from Word) are kept:
both databases store them, and the Excel exports carry them exactly (`core.excel_text`).
"""

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` without the characters a database cannot store (NUL, lone surrogates)."""
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text
