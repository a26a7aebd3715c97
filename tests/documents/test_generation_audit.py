"""Generating a document leaves one audit event naming who, which document and as of when."""

from datetime import date

from rectify.audit.models import AuditEvent
from rectify.documents.generation import document_generate
from rectify.documents.models import GeneratedDocument


def test_a_generation_is_audited(world):
    since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    document = document_generate(
        actor=world.office,
        inspection=world.inspection,
        kind=GeneratedDocument.Kind.PROGRESS_REPORT,
        as_of=date(2023, 10, 31),
    )
    [event] = AuditEvent.objects.filter(pk__gt=since)
    assert (event.actor, event.action) == (world.office, "生成文件")
    assert (event.object_type, event.object_id) == ("documents.generateddocument", str(document.pk))
    assert event.changes["kind"] == [None, GeneratedDocument.Kind.PROGRESS_REPORT]
    assert event.changes["as_of"] == [None, "2023-10-31"]
    assert event.changes["inspection"] == [None, str(world.inspection)]
