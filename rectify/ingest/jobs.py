"""Import jobs: upload and preview, confirm, run in the background with progress, record the result."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from rectify.audit.services import audit_record
from rectify.ingest.models import ImportJob
from rectify.ingest.plan import ImportPlan
from rectify.ingest.services import ledger_import_apply, ledger_import_plan
from rectify.ingest.sources import draft_from_file
from rectify.ledger.services import require_office
from rectify.orgunits.models import OrgUnit

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _store(data: bytes, file_name: str) -> tuple[str, Path]:
    """Keep the upload as imports/<sha256>/<its own name>, so messages about it name the user's file."""
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(settings.MEDIA_ROOT) / "imports" / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (Path(file_name).name or "upload")
    if not path.exists():
        path.write_bytes(data)
    return digest, path


def import_job_create(
    *, actor, unit: OrgUnit, inspection_name: str, file_name: str, data: bytes
) -> ImportJob:
    """Keep an uploaded file and open a job for it (not yet applied). Unreadable files raise, keeping nothing."""
    require_office(actor, unit)
    if not data:
        raise ValidationError(f"文件“{file_name}”是空的")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件“{file_name}”超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB")
    if not inspection_name.strip():
        raise ValidationError({"inspection_name": "请选择或填写督察名称"})
    digest, path = _store(data, file_name)
    draft_from_file(path, source=file_name)  # fails here, with its message, if the file cannot be read
    job = ImportJob.objects.create(
        unit=unit,
        inspection_name=inspection_name.strip(),
        file_name=file_name,
        stored_path=str(path),
        sha256=digest,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="上传导入文件",
        obj=job,
        changes={"file_name": [None, file_name], "sha256": [None, digest], "unit": [None, unit]},
    )
    return job


def import_job_plan(job: ImportJob) -> ImportPlan:
    """The preview of a job: what applying its file now would change."""
    draft = draft_from_file(Path(job.stored_path), source=job.file_name)
    return ledger_import_plan(unit=job.unit, inspection_name=job.inspection_name, draft=draft)


def progress_key(job_id: int) -> str:
    return f"rectify:import-job:{job_id}:progress"


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) steps of a running job, from the cache."""
    return cache.get(progress_key(job.pk), (0, 0))


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """The office confirms the preview: queue the job to run in the background."""
    require_office(actor, job.unit)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEWED:
        raise ValidationError("该导入已确认过")
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    audit_record(actor=actor, action="确认导入", obj=job, changes={"status": ["previewed", "queued"]})
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


@task()
def run_import_job(job_id: int) -> dict:
    """Apply a confirmed job (safe to run twice: a second run finds nothing left to change)."""
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return job.summary
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        draft = draft_from_file(Path(job.stored_path), source=job.file_name)
        plan = ledger_import_apply(
            actor=job.created_by,
            unit=job.unit,
            inspection_name=job.inspection_name,
            draft=draft,
            on_progress=lambda done, total: cache.set(progress_key(job.pk), (done, total), 3600),
        )
    except Exception as error:  # the import rolled back; the job records why, for the office to read
        messages = getattr(error, "messages", None) or [str(error)]
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error="\n".join(messages), finished_at=timezone.now()
        )
        return {"error": messages}
    summary = dict(plan.labelled_counts())
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, summary=summary, finished_at=timezone.now()
    )
    return summary
