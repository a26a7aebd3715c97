"""From an uploaded file to a ledger draft: documents of every genre through the report parser
(`parse_document` recognises the genre), workbooks through the
workbook reader. The one place that knows which file goes where."""

from pathlib import Path

from rectify.ingest.draft import LedgerDraft
from rectify.ingest.file_limits import LIMITS, LimitExceeded, ReadLimits, check_file
from rectify.ingest.readers import UnreadableDocument, read_document
from rectify.ingest.report import parse_document
from rectify.ingest.report_draft import draft_from_report

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
DOCUMENT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps"}


def draft_from_file(path: Path, *, source: str | None = None, limits: ReadLimits = LIMITS) -> LedgerDraft:
    """The draft of a report (.txt .docx .pdf .doc .wps) or a ledger workbook (.xlsx .xls .ods).

    `source` is the file's name as the user knows it (the stored file may be named otherwise); the
    stored file's suffix decides the reader. Raises UnreadableDocument (or the workbook reader's WorkbookError) with
    a message naming the file, or LimitExceeded for a file over the read limits, before the library
    that would have choked on it is called.
    """
    source = source or path.name
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from rectify.ingest.workbook import read_ledger_workbook

        check_file(path, name=source, limits=limits)
        return read_ledger_workbook(path, source=source)
    document = read_document(path, name=source, limits=limits)
    return draft_from_report(parse_document(document.text), source=source)


__all__ = ["LimitExceeded", "UnreadableDocument", "draft_from_file"]
