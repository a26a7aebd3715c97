"""Import jobs: upload, read in the background, preview, confirm, run in the background with progress.

The upload is streamed to MEDIA_ROOT/imports/<random>/source<.suffix> (hashed while it is copied, never
held in memory) and read by the worker in a child process under limits (`ingest.read_child`); the
draft it yields is kept on the job, so the preview and the run never read the file again. A file
that cannot be read is deleted. While the worker reads or imports it renews a heartbeat in the
cache every few seconds; a job whose heartbeat is older than HEARTBEAT_STALE lost its worker (killed,
restarted) and is marked failed when next looked at, with the reason, and may be run again.
"""

import hashlib
import secrets
import shutil
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from rectify.audit import codes
from rectify.audit.services import audit_record
from rectify.ingest.draft import draft_from_json
from rectify.ingest.file_limits import LimitExceeded
from rectify.ingest.models import ImportJob
from rectify.ingest.plan import ImportPlan
from rectify.ingest.read_child import read_in_child
from rectify.ingest.readers import UnreadableDocument
from rectify.ingest.services import ledger_import_apply, ledger_import_plan
from rectify.ingest.sources import DOCUMENT_SUFFIXES, WORKBOOK_SUFFIXES
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.permissions import require

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
HEARTBEAT_EVERY = 5  # seconds between two renewals of a working job's heartbeat
HEARTBEAT_STALE = 60  # seconds without a heartbeat after which the job's worker counts as dead
NAME_MAX = 255  # ImportJob.file_name
_COPY_CHUNK = 1024 * 1024


def display_name(file_name: str) -> str:
    """The user's file name as kept for display: its last path part, at most NAME_MAX characters, suffix kept."""
    name = Path(file_name.replace("\\", "/")).name.strip() or "upload"
    if len(name) <= NAME_MAX:
        return name
    suffix = Path(name).suffix[:16]
    return name[: NAME_MAX - len(suffix)] + suffix


def store_upload(chunks, suffix: str, file_name: str) -> tuple[str, Path]:
    """Copy the upload in chunks to imports/<random>/source<suffix>, hashing and counting as it goes."""
    folder = Path(settings.MEDIA_ROOT) / "imports" / secrets.token_hex(16)
    folder.mkdir(parents=True)
    path, digest, size = folder / f"source{suffix}", hashlib.sha256(), 0
    try:
        with open(path, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ValidationError(f"文件“{file_name}”超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise ValidationError(f"文件“{file_name}”是空的")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return digest.hexdigest(), path


def _discard(job: ImportJob) -> None:
    """Delete a job's stored file (and its folder): nothing is kept of a file that cannot be imported."""
    if job.stored_path:
        shutil.rmtree(Path(job.stored_path).parent, ignore_errors=True)


def import_job_create(*, actor, unit: OrgUnit, inspection_name: str, upload) -> ImportJob:
    """Keep an uploaded file (a Django File: streamed, never read whole) and queue its reading.

    Refuses, keeping nothing, a file of a format Rectify does not read, an empty one, one over
    MAX_UPLOAD_BYTES, or a missing inspection name."""
    require(actor, "ingest.job.upload", unit)
    file_name = display_name(upload.name or "")
    suffix = Path(file_name).suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES | DOCUMENT_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise ValidationError(
            f"文件“{file_name}”的格式 {shown} 不能导入：请上传报告（.docx .doc .wps .pdf .txt）或台账（.xlsx .xls .ods）"
        )
    if not inspection_name.strip():
        raise ValidationError({"inspection_name": "请选择或填写督察名称"})
    digest, path = store_upload(upload.chunks(_COPY_CHUNK), suffix, file_name)
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
        code=codes.INGEST_JOB_UPLOAD,
        obj=job,
        changes={"file_name": [None, file_name], "sha256": [None, digest], "unit": [None, unit]},
    )
    read_import_job.enqueue(job.pk)
    return job


# -- the heartbeat ---------------------------------------------------------------------------------


def _heartbeat_key(job_id: int) -> str:
    return f"rectify:import-job:{job_id}:heartbeat"


def _key_of(job) -> str:
    """The heartbeat's cache key of any job model with a `heartbeat_at` field (an ImportJob's as before)."""
    if isinstance(job, ImportJob):
        return _heartbeat_key(job.pk)
    return f"rectify:{job._meta.label_lower}:{job.pk}:heartbeat"


@contextmanager
def heartbeat(job):
    """Stamp the job as worked on now (in the database), then renew the stamp in the cache every
    HEARTBEAT_EVERY seconds from a thread, until the work is done. The cache, not the database: an
    import holds its transaction open, and other processes must still see the heartbeat. Any job model
    with a `heartbeat_at` field (rounds' offline uploads beat the same way)."""
    now, key = timezone.now(), _key_of(job)
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=now)
    cache.set(key, now, HEARTBEAT_STALE * 10)
    stop = threading.Event()

    def beat():
        while not stop.wait(HEARTBEAT_EVERY):
            cache.set(key, timezone.now(), HEARTBEAT_STALE * 10)

    thread = threading.Thread(target=beat, name=f"{key}-thread", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        cache.delete(key)  # this work is over; the next one beats anew


def last_heartbeat(job):
    """When the job's worker last showed it was alive (None: no worker has taken it up yet)."""
    stamps = [s for s in (job.heartbeat_at, cache.get(_key_of(job))) if s is not None]
    return max(stamps, default=None)


def worker_lost(job) -> bool:
    """Whether a job taken up by a worker has shown no heartbeat for HEARTBEAT_STALE seconds."""
    beat = last_heartbeat(job)
    return beat is not None and timezone.now() - beat >= timedelta(seconds=HEARTBEAT_STALE)


_INTERRUPTED = {
    ImportJob.Status.READING: (
        ImportJob.Status.UNREADABLE,
        "后台进程在读取文件的过程中中断（最后一次心跳：{at}），文件没有读完。可以重新读取。",
    ),
    ImportJob.Status.RUNNING: (
        ImportJob.Status.FAILED,
        "后台进程在导入过程中中断（最后一次心跳：{at}）。导入是整体的：中断的导入不会留下部分数据。可以重新导入。",
    ),
}


def import_job_detect_dead_worker(job: ImportJob) -> ImportJob:
    """A job being read or imported whose heartbeat is older than HEARTBEAT_STALE: mark it failed, saying why."""
    if job.status not in _INTERRUPTED:
        return job
    beat = last_heartbeat(job)
    if beat is None or timezone.now() - beat < timedelta(seconds=HEARTBEAT_STALE):
        return job  # not taken up yet (the worker may be down: it stays queued), or alive
    status, reason = _INTERRUPTED[job.status]
    error = reason.format(at=timezone.localtime(beat).strftime("%Y-%m-%d %H:%M:%S"))
    with transaction.atomic():
        marked = ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
            status=status, error=error, finished_at=timezone.now()
        )
        if marked:
            audit_record(
                actor=None,
                action="导入中断",
                code=codes.INGEST_JOB_INTERRUPT,
                obj=job,
                changes={"status": [job.status, status]},
                reason=error,
            )
    job.refresh_from_db()
    return job


# -- reading -------------------------------------------------------------------------------------


@task()
def read_import_job(job_id: int) -> dict:
    """Read a job's file in a child process under limits; keep the draft, or the reason and no file."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.READING:
        return {"status": job.status}
    with heartbeat(job):
        try:
            draft = read_in_child(Path(job.stored_path), source=job.file_name)
        except Exception as error:  # every failure ends the job with its reason
            if isinstance(error, LimitExceeded | UnreadableDocument | ValidationError):
                messages = getattr(error, "messages", None) or [str(error)]
            else:
                messages = [f"无法读取文件“{job.file_name}”（{type(error).__name__}）"]
            _discard(job)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.UNREADABLE, error="\n".join(messages), finished_at=timezone.now()
            )
            return {"error": messages}
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED, draft=draft)
    return {"status": ImportJob.Status.PREVIEWED}


def import_job_plan(job: ImportJob) -> ImportPlan:
    """The preview of a job: what applying its draft now would change (planned again against today's
    ledger, from the draft kept on the job: the file is not read again)."""
    return ledger_import_plan(
        unit=job.unit, inspection_name=job.inspection_name, draft=draft_from_json(job.draft)
    )


# -- running -------------------------------------------------------------------------------------


def progress_key(job_id: int) -> str:
    return f"rectify:import-job:{job_id}:progress"


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) steps of a running job, from the cache."""
    return cache.get(progress_key(job.pk), (0, 0))


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """The office confirms the preview: queue the job to run in the background."""
    require(actor, "ingest.job.confirm", job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEWED:
        raise ValidationError("该导入已确认过")
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="确认导入",
        code=codes.INGEST_JOB_CONFIRM,
        obj=job,
        changes={"status": ["previewed", "queued"]},
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_can_retry(job: ImportJob) -> bool:
    """A failed import (its draft is kept), or a read whose worker died (its file is kept)."""
    if job.status == ImportJob.Status.FAILED:
        return job.draft is not None
    return job.status == ImportJob.Status.UNREADABLE and Path(job.stored_path).is_file()


@transaction.atomic
def import_job_retry(*, actor, job: ImportJob) -> ImportJob:
    """Run a failed job again (重新导入 / 重新读取): safe, the import is all or nothing."""
    require(actor, "ingest.job.retry", job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not import_job_can_retry(job):
        raise ValidationError("该导入不能重新运行")
    reading, before = job.status == ImportJob.Status.UNREADABLE, job.status
    job.status = ImportJob.Status.READING if reading else ImportJob.Status.QUEUED
    audit_record(
        actor=actor,
        action="重新读取导入文件" if reading else "重新导入",
        code=codes.INGEST_JOB_RETRY,
        obj=job,
        changes={"status": [before, job.status]},
    )
    job.error, job.finished_at, job.heartbeat_at = "", None, None
    job.save(update_fields=["status", "error", "finished_at", "heartbeat_at"])
    cache.delete_many([_heartbeat_key(job.pk), progress_key(job.pk)])
    rerun = read_import_job if reading else run_import_job
    transaction.on_commit(lambda: rerun.enqueue(job.pk))
    return job


@task()
def run_import_job(job_id: int) -> dict:
    """Apply a confirmed job (safe to run twice: a second run finds nothing left to change)."""
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return job.summary
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def mark_done(plan: ImportPlan) -> None:
        # in the import's own transaction: a job is done exactly when its changes are committed, so a
        # worker dying at any moment leaves either a done job or an untouched ledger, never both unknown
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE, summary=dict(plan.labelled_counts()), finished_at=timezone.now()
        )

    try:
        with heartbeat(job):
            plan = ledger_import_apply(
                actor=job.created_by,
                unit=job.unit,
                inspection_name=job.inspection_name,
                draft=draft_from_json(job.draft),
                on_progress=lambda done, total: cache.set(progress_key(job.pk), (done, total), 3600),
                on_written=mark_done,
            )
    except Exception as error:  # the import rolled back; the job records why, for the office to read
        messages = getattr(error, "messages", None) or [str(error)]
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error="\n".join(messages), finished_at=timezone.now()
        )
        return {"error": messages}
    return dict(plan.labelled_counts())
