"""The report parser: the text of a rectification progress report (整改落实情况报告), a plan or a
notice in, its structure out. Pure Python: no Django (an import-linter contract enforces it).

    from rectify.ingest.report import parse_report, report_to_dict

    report = parse_report(text)          # never raises on any str
    data = report_to_dict(report)        # the JSON shape of `rectify parse FILE --json`

Modules: `text` (normalisation), `tables` (flattened tables), `junk` (page furniture), `numbers`
(numbering labels), `fields` (整改时限：… labels), `statuses` (status codes), `shapes` (date and
signature lines), `layout` (title, signature, date), `structure` (findings vs narrative),
`summary` (headline figures), `dates` (as-of date), `parser` (the whole), `model` (results).
"""

from .model import ParsedFinding, ParsedMeasure, ParsedReport, ParseWarning, Warning, report_to_dict
from .parser import parse_report
from .statuses import STATUS_CODES

__all__ = [
    "STATUS_CODES",
    "ParseWarning",
    "ParsedFinding",
    "ParsedMeasure",
    "ParsedReport",
    "Warning",
    "parse_report",
    "report_to_dict",
]
