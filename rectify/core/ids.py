"""Row ids as users type them into URLs and forms (pure: no Django).

"²".isdigit() is true but int("²") fails, and SQLite raises OverflowError on an id such as
99999999999999999999999 instead of finding nothing: every id read from text goes through `id_from_text`.
"""

ID_MAX = 2**63 - 1  # the largest id either database stores


def id_from_text(value) -> int | None:
    """The id `value` names (ASCII digits, at most ID_MAX), or None when it names none."""
    text = str(value) if value is not None else ""
    if not (text and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= ID_MAX else None
