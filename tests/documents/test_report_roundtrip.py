"""The seed imported, its report generated as of 2023-10-31, and the .docx parsed back with our own parser."""

from datetime import date
from io import BytesIO, StringIO

from django.core.management import call_command
from docx import Document

from rectify.documents.report_data import report_content, report_snapshot
from rectify.documents.report_docx import render_progress_report
from rectify.ingest.report import parse_report
from rectify.ledger.models import Inspection
from support import seed_prefecture_office, shared_file


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


def findings_of(report):
    return [
        (
            f.number,
            f.label,
            f.deadline.raw,
            f.deadline.kind,
            f.deadline.end,
            f.status_code,
            len(f.measures),
            bool(f.progress),
        )
        for f in report.findings
    ]


def test_generated_report_attachment_matches_the_seed(db, django_user_model):
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    seed_prefecture_office(django_user_model, "cj")
    call_command(
        "import",
        str(seed),
        "--inspection",
        "第二轮中央生态环境保护督察",
        "--user",
        "cj",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    inspection = Inspection.objects.get()

    content = report_content(
        report_snapshot(inspection, date(2023, 10, 31)), None, signed_on=date(2023, 12, 25)
    )
    generated = parse_report(docx_text(render_progress_report(content)))
    original = parse_report(seed.read_text(encoding="utf-8"))

    assert len(generated.findings) == 18
    assert findings_of(generated) == findings_of(original)
    assert [m.text for f in generated.findings for m in f.measures] == [
        m.text for f in original.findings for m in f.measures
    ]
    assert [f.text for f in generated.findings] == [f.text for f in original.findings]
    assert generated.date == date(2023, 12, 25)
    assert "昌吉回族自治州人民政府" in generated.issuers
