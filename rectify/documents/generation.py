"""Generating documents: the narrative's versions, the check, and the files, each kept with who, when, as of.

Every file is rendered by a background task (`run_generation`) so a province-sized report does not
hold a web request; the page shows its status until it is ready.
"""

import logging
import re
import shutil
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from rectify.audit import codes
from rectify.audit.services import audit_record, diff, snapshot
from rectify.documents.consistency import Problem, consistency_check
from rectify.documents.models import GeneratedDocument, ReportDates, ReportNarrative
from rectify.documents.report_data import default_narrative_parts, report_content, report_snapshot
from rectify.ledger.models import Inspection
from rectify.ledger.versions import ConflictChange, EditConflict
from rectify.orgunits.permissions import require

logger = logging.getLogger(__name__)

NARRATIVE_FIELDS = ["title", "opening", "sections", "closing", "issuer", "attachment_title"]
SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def latest_narrative(inspection: Inspection) -> ReportNarrative | None:
    return inspection.narratives.order_by("-version").first()


def sections_from_text(text: str) -> list[dict]:
    """Split the body the office typed into sections: a line starting 一、 二、 … opens a section."""
    sections: list[dict] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if SECTION_HEADING.match(line) or not sections:
            sections.append({"heading": line if SECTION_HEADING.match(line) else "", "body": ""})
            if SECTION_HEADING.match(line):
                continue
        sections[-1]["body"] = (sections[-1]["body"] + "\n" + line).strip()
    return sections


def sections_to_text(sections: list[dict]) -> str:
    return "\n".join(part for s in sections for part in (s.get("heading", ""), s.get("body", "")) if part)


def _narrative_conflict(read: ReportNarrative | None, now: ReportNarrative) -> EditConflict:
    """What changed between the version an editor read (None: the defaults, before any was saved) and now."""
    read_values = snapshot(read, NARRATIVE_FIELDS) if read else {}
    now_values = snapshot(now, NARRATIVE_FIELDS)
    changes = [
        ConflictChange(
            label=str(ReportNarrative._meta.get_field(name).verbose_name),
            read=_shown(read_values.get(name, "")),
            now=_shown(now_values[name]),
            by=now.edited_by.display_name,
            at=timezone.localtime(now.edited_at),
        )
        for name in NARRATIVE_FIELDS
        if read_values.get(name, "") != now_values[name]
    ]
    return EditConflict(
        obj=now, read_version=read.version if read else 0, version=now.version, changes=changes
    )


def _shown(value) -> str:
    if isinstance(value, list):  # the sections, as the form shows them
        return sections_to_text(value) or "—"
    return value or "—"


@transaction.atomic
def narrative_save(
    *, actor, inspection: Inspection, note: str = "", expected_version: int | None = None, **fields
) -> ReportNarrative:
    """Save the narrative as a new version (never overwriting one that may have gone out).

    `expected_version` is the version the editor's form was read at (0: none saved yet; None: no check,
    for scripts). A save from an older version is refused with what changed since (EditConflict)."""
    require(actor, "documents.narrative.save", inspection)
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()  # one narrative save at a time
    previous = latest_narrative(inspection)
    current_version = previous.version if previous else 0
    if expected_version is not None and expected_version != current_version:
        read = inspection.narratives.filter(version=expected_version).first()
        raise _narrative_conflict(read, previous)
    before = snapshot(previous, NARRATIVE_FIELDS) if previous else {}
    if previous is not None and all(before[k] == fields.get(k, before[k]) for k in NARRATIVE_FIELDS):
        return previous
    values = (before or default_narrative_parts(inspection)) | fields
    if not values["title"].strip():
        raise ValidationError({"title": "请填写报告标题"})
    narrative = ReportNarrative.objects.create(
        inspection=inspection,
        version=(previous.version + 1) if previous else 1,
        edited_by=actor,
        note=note,
        **{k: values[k] for k in NARRATIVE_FIELDS},
    )
    audit_record(
        actor=actor,
        action="保存报告正文",
        code=codes.DOCUMENTS_NARRATIVE_SAVE,
        obj=narrative,
        reason=note,
        changes=diff(before, snapshot(narrative, NARRATIVE_FIELDS)),
    )
    return narrative


@transaction.atomic
def report_dates_save(*, actor, inspection: Inspection, as_of: date, signed_on: date | None) -> ReportDates:
    """Keep the dates the office chose for this inspection's report, to offer them on its next visit."""
    require(actor, "documents.dates.save", inspection)
    current = ReportDates.objects.select_for_update().filter(inspection=inspection).first()
    before = snapshot(current, ["as_of", "signed_on"]) if current else {}
    if current and (current.as_of, current.signed_on) == (as_of, signed_on):
        return current
    dates, _ = ReportDates.objects.update_or_create(
        inspection=inspection, defaults={"as_of": as_of, "signed_on": signed_on, "chosen_by": actor}
    )
    audit_record(
        actor=actor,
        action="选择报告日期",
        code=codes.DOCUMENTS_DATES_SAVE,
        obj=dates,
        changes=diff(before, snapshot(dates, ["as_of", "signed_on"])),
    )
    return dates


def previous_report_as_of(inspection: Inspection, as_of: date) -> date | None:
    """The as-of date of the last report generated before this one's date."""
    earlier = (
        inspection.documents.filter(
            kind__in=[GeneratedDocument.Kind.PROGRESS_REPORT, GeneratedDocument.Kind.PROGRESS_REPORT_PDF],
            status=GeneratedDocument.Status.DONE,
            as_of__lt=as_of,
        )
        .order_by("-as_of")
        .first()
    )
    return earlier.as_of if earlier else None


def report_check(
    inspection: Inspection, as_of: date, signed_on: date | None = None, *, dispatch_round=None
) -> list[Problem]:
    """The consistency check of the report that would be generated now (from `dispatch_round`'s
    snapshot when given)."""
    snap = report_snapshot(inspection, as_of, round=dispatch_round)
    content = report_content(snap, latest_narrative(inspection), signed_on=signed_on)
    return consistency_check(content, snap, previous_as_of=previous_report_as_of(inspection, as_of))


def render(
    kind: str, inspection: Inspection, as_of: date, signed_on: date | None, narrative, dispatch_round=None
) -> tuple[bytes, str]:
    """The bytes and the file name of a document (a report from `dispatch_round`'s snapshot when given)."""
    from rectify.documents.report_docx import render_progress_report

    if kind == GeneratedDocument.Kind.LEDGER:  # the reading ledger as of the date: an .xlsx, as labelled
        from rectify.documents.reading_ledger import write_reading_ledger
        from rectify.ledger.as_of import annotate_as_of

        title = f"{inspection.unit}{inspection.name}整改台账（截至{as_of:%Y-%m-%d}）"
        # each task as it stood on the date, by the report's own rule: the two are handed in together
        tasks = annotate_as_of(inspection.tasks.all(), as_of)
        return write_reading_ledger(tasks, as_of=as_of, title=title), download_name(title, ".xlsx")
    content = report_content(
        report_snapshot(inspection, as_of, round=dispatch_round), narrative, signed_on=signed_on
    )
    docx = render_progress_report(content)
    stem = f"{content.title}（截至{as_of:%Y-%m-%d}）"
    if kind == GeneratedDocument.Kind.PROGRESS_REPORT_PDF:
        from rectify.documents.pdf import docx_to_pdf

        return docx_to_pdf(docx), download_name(stem, ".pdf")
    return docx, download_name(stem, ".docx")


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_SERVER_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s\\/：:，。）)\"']+){2,}[\\/]?")
NAME_MAX_BYTES = 180  # of UTF-8: well inside the 255 bytes a file name may have, with room for " (2)"


def download_name(stem: str, suffix: str) -> str:
    """A file name safe on any system: no path separators, reserved or control characters; whitespace
    runs as one space; at most NAME_MAX_BYTES bytes of UTF-8 (cut at a character). The file on disk is
    named by the record's number alone, so the name is only what the download offers."""
    name = _UNSAFE_IN_NAME.sub("_", " ".join(stem.split())).strip(" ._") or "文件"
    limit = NAME_MAX_BYTES - len(suffix.encode())
    while len(name.encode()) > limit:
        name = name[:-1]
    return name.rstrip(" ._") + suffix


def failure_message(error: Exception) -> str:
    """What the office reads when a generation fails: our own Chinese message, no server path in it."""
    from rectify.documents.pdf import PdfConversionFailed, PdfUnavailable

    if isinstance(error, PdfUnavailable | PdfConversionFailed | ValidationError):
        message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _SERVER_PATH.sub("…", message)
    if isinstance(error, OSError):
        return "文件无法保存（存储目录不可写或磁盘已满），请联系系统管理员"
    return f"生成时发生内部错误（{type(error).__name__}），请联系系统管理员"


@transaction.atomic
def document_generate(
    *,
    actor,
    inspection: Inspection,
    kind: str,
    as_of: date,
    signed_on: date | None = None,
    dispatch_round=None,
    run_now: bool = False,
):
    """Record a document to generate and queue it (or, `run_now`, render it here); the check's result is kept.
    With `dispatch_round` (a locked round of the inspection) the report is "from round N": its snapshot's
    progress and figures, as of the round's date; the round is recorded on the document."""
    require(actor, "documents.document.generate", inspection)
    if dispatch_round is not None:
        if dispatch_round.inspection_id != inspection.pk or not dispatch_round.is_locked:
            raise ValidationError(f"{dispatch_round}不是{inspection}已锁定的调度轮次，不能按其生成报告")
        if kind == GeneratedDocument.Kind.LEDGER:
            raise ValidationError("按调度轮次生成只适用于整改落实情况报告，台账Excel请按数据截至日生成")
        as_of = dispatch_round.as_of
    no_office = not (shutil.which("soffice") or shutil.which("libreoffice"))
    if kind == GeneratedDocument.Kind.PROGRESS_REPORT_PDF and no_office:
        raise ValidationError("生成PDF需要安装LibreOffice（soffice）及中文字体（如 fonts-noto-cjk）")
    problems = report_check(inspection, as_of, signed_on, dispatch_round=dispatch_round)
    document = GeneratedDocument.objects.create(
        inspection=inspection,
        kind=kind,
        as_of=as_of,
        dispatch_round=dispatch_round,
        narrative=latest_narrative(inspection),
        generated_by=actor,
        check_result={
            "problems": [{"kind": p.kind, "message": p.message} for p in problems],
            "signed_on": (signed_on or timezone.localdate()).isoformat(),
        },
    )
    audit_record(
        actor=actor,
        action="生成文件",
        code=codes.DOCUMENTS_DOCUMENT_GENERATE,
        obj=document,
        changes={
            "inspection": [None, inspection],
            "kind": [None, kind],
            "as_of": [None, as_of],
            **({"dispatch_round": [None, dispatch_round]} if dispatch_round else {}),
        },
    )
    if run_now:
        run_generation.call(document.pk)
        document.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_generation.enqueue(document.pk))
    return document


@task()
def run_generation(document_id: int) -> str:
    """Render a queued document and keep the file (safe to run twice: a finished one is left alone)."""
    document = GeneratedDocument.objects.select_related(
        "inspection__unit", "narrative", "dispatch_round"
    ).get(pk=document_id)
    if document.status == GeneratedDocument.Status.DONE:
        return document.stored_path
    GeneratedDocument.objects.filter(pk=document.pk).update(status=GeneratedDocument.Status.RUNNING)
    try:
        signed_on = (
            date.fromisoformat(document.check_result.get("signed_on")) if document.check_result else None
        )
        data, name = render(
            document.kind,
            document.inspection,
            document.as_of,
            signed_on,
            document.narrative,
            document.dispatch_round,
        )
        folder = Path(settings.MEDIA_ROOT) / "documents" / str(document.inspection_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{document.pk}{Path(name).suffix}"  # unique, and no user text on disk
        path.write_bytes(data)
    except Exception as error:  # recorded for the office to read; nothing half-written is offered
        logger.exception("生成文件 %s 失败", document.pk)
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=GeneratedDocument.Status.FAILED, error=failure_message(error), finished_at=timezone.now()
        )
        return ""
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=GeneratedDocument.Status.DONE,
        file_name=name,
        stored_path=str(path),
        size=len(data),
        finished_at=timezone.now(),
    )
    return str(path)
