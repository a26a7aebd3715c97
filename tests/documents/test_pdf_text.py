"""The PDF says what the Word file says: the seed's report generated, converted by LibreOffice, and its
text compared character for character with the .docx's paragraphs (only whitespace, line breaks and the
page-number lines "— 2 —" are ignored). LibreOffice used to drop the 、，。 that hang at a line's end."""

import io
import re
from datetime import date
from io import StringIO

from django.core.management import call_command
from docx import Document
from pypdf import PdfReader
from test_pdf import soffice  # noqa: F401 (the fixture: LibreOffice installed, or skip / fail in CI)

from rectify.documents import generation
from rectify.documents.pdf import docx_to_pdf
from rectify.documents.report_data import report_content, report_snapshot
from rectify.documents.report_docx import render_progress_report
from rectify.ingest.report import parse_report
from rectify.ledger.models import Inspection
from support import seed_prefecture_office, shared_file

PAGE_NUMBER_LINE = re.compile(r"\s*—\s*\d+\s*—\s*")


def docx_characters(data: bytes) -> str:
    return "".join("".join(p.text.split()) for p in Document(io.BytesIO(data)).paragraphs)


def pdf_characters(data: bytes) -> str:
    lines = [
        line
        for page in PdfReader(io.BytesIO(data)).pages
        for line in (page.extract_text() or "").splitlines()
        if not PAGE_NUMBER_LINE.fullmatch(line)
    ]
    return "".join("".join(lines).split())


def first_difference(a: str, b: str) -> str:
    """Where two texts first differ, with a little of each around it ("" when they are equal)."""
    if a == b:
        return ""
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {at}: Word “…{a[max(0, at - 12) : at + 12]}…” / PDF “…{b[max(0, at - 12) : at + 12]}…”"


def test_pdf_of_the_seed_report_has_every_character_of_the_word_file(soffice, db, django_user_model):  # noqa: F811
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    office = seed_prefecture_office(django_user_model, "cj")
    call_command(
        "import", str(seed), "--inspection", "第二轮中央生态环境保护督察", "--user", office,
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    inspection = Inspection.objects.get()
    parsed = parse_report(seed.read_text(encoding="utf-8"))
    generation.narrative_save(  # the seed's own narrative, so that its long paragraphs are laid out
        actor=django_user_model.objects.get(username=office),
        inspection=inspection,
        title=parsed.title,
        opening="",
        sections=generation.sections_from_text(parsed.narrative),
        closing="",
        issuer="中共昌吉州委\n昌吉回族自治州人民政府",
    )
    content = report_content(
        report_snapshot(inspection, date(2023, 10, 31)),
        generation.latest_narrative(inspection),
        signed_on=date(2023, 12, 25),
    )
    docx = render_progress_report(content)

    word, pdf = docx_characters(docx), pdf_characters(docx_to_pdf(docx))

    assert "多次主持召开州党委常委会、州政府党组会" in word
    assert len(word) > 10_000
    assert first_difference(word, pdf) == ""
