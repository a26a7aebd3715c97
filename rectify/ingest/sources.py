"""From an uploaded file to a ledger draft: reports through the report parser, workbooks through the
workbook reader. The one place that knows which file goes where."""

from pathlib import Path

from rectify.ingest.draft import LedgerDraft
from rectify.ingest.readers import UnreadableDocument, read_document
from rectify.ingest.report import parse_report
from rectify.ingest.report_draft import draft_from_report

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def draft_from_file(path: Path, *, source: str | None = None) -> LedgerDraft:
    """The draft of a report (.txt .docx .pdf .doc .wps) or a ledger workbook (.xlsx .xls .ods).

    Raises UnreadableDocument (or the workbook reader's WorkbookError) with a message naming the file.
    """
    source = source or path.name
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from rectify.ingest.workbook import read_ledger_workbook

        return read_ledger_workbook(path, source=source)
    document = read_document(path)
    return draft_from_report(parse_report(document.text), source=source)


__all__ = ["UnreadableDocument", "draft_from_file"]
