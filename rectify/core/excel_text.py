"""Text a user typed, as a spreadsheet cell that holds exactly that text and is never run as a formula.

    text_cell(ws, "=HYPERLINK(\"http://x\")") -> a string cell (quote-prefixed), not a formula
    xlsx_text("a\\x0bb") -> "a_x000B_b"

Two things a user can type break an .xlsx export:
- text starting with "=" becomes a live formula (openpyxl writes it as one), and text starting with
  + - @ or a tab/CR becomes one the moment someone edits the cell in Excel. Such cells are written as
  strings with Excel's quote prefix (the style flag behind a leading ' in Excel): the text is unchanged,
  Excel shows it and keeps it as text, also after an edit.
- control characters XML 1.0 cannot hold (all below U+0020 but tab, LF and CR) make openpyxl refuse
  the value (IllegalCharacterError: a 500 for the download). They are written the way Excel itself
  stores them, as the OOXML escape _xHHHH_ (ECMA-376 Part 1, §22.4.2.4 ST_Xstring), with a literal
  "_x" that would read as an escape written as _x005F_x. Excel and calamine (our reader) decode both,
  so the round-trip workbook imports back the very text that was exported.
- the noncharacters U+FFFE and U+FFFF (and lone surrogates, which no form can send) have no escape
  calamine decodes: they are written as U+FFFD, the only text an export does not carry exactly.
"""

import re

from openpyxl.cell import WriteOnlyCell

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_NONCHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return "_x005F_" if char == "_" else f"_x{ord(char):04X}_"


def xlsx_text(value: str) -> str:
    """The text as an .xlsx cell stores it (see the module docstring)."""
    return _UNSAFE.sub(_escape, _NONCHARACTERS.sub("\ufffd", value))


def text_cell(ws, value: str):
    """A cell for `ws` (write-only or not) holding `value` as text; None for empty text."""
    if not value:
        return None
    text = xlsx_text(value)
    cell = WriteOnlyCell(ws, value=text)
    if text.startswith(FORMULA_LEADS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_title(value: str) -> str:
    """A document property (title): no control characters at all, at most 255 characters."""
    return re.sub("[\x00-\x1f\ud800-\udfff\ufffe\uffff]", "", value)[:255]
