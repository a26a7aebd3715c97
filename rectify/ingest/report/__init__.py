"""The report parser: the text of a rectification progress report (整改落实情况报告), a plan or a
notice in, its structure out. Pure Python: no Django (an import-linter contract enforces it).

    from rectify.ingest.report import parse_report, report_to_dict

    report = parse_report(text)          # never raises on any str
    data = report_to_dict(report)        # the JSON shape of `rectify parse FILE --json`

    report = parse_document(text)        # any genre: recognised (genres.genre_of), then read

Modules: `text` (normalisation), `tables` (flattened tables), `junk` (page furniture), `numbers`
(numbering labels), `fields` (整改时限：… labels), `statuses` (status codes), `shapes` (date and
signature lines), `layout` (title, signature, date), `structure` (findings vs narrative),
`summary` (headline figures), `dates` (as-of date), `parser` (the whole), `model` (results);
the other genres: `genres` (which genre a text is), `notices` + `notice_facts` (completion,
sign-off and acceptance notices), `disclosure` (disclosure tables), `document` (the dispatch,
news items and templates).
"""

from .document import parse_document
from .genres import GENRE_LABELS, GENRES, genre_of
from .model import (
    NoticeFacts,
    ParsedFinding,
    ParsedMeasure,
    ParsedReport,
    ParseWarning,
    Warning,
    report_to_dict,
)
from .parser import parse_report
from .statuses import STATUS_CODES

__all__ = [
    "GENRES",
    "GENRE_LABELS",
    "STATUS_CODES",
    "NoticeFacts",
    "ParseWarning",
    "ParsedFinding",
    "ParsedMeasure",
    "ParsedReport",
    "Warning",
    "genre_of",
    "parse_document",
    "parse_report",
    "report_to_dict",
]
