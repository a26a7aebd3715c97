"""The office's offline-form uploads, read outside the web request, the way ledger imports are.

    offline_upload_create(actor=…, dispatch_round=…, uploads=[…], submit=False) -> OfflineUpload
    read_offline_upload(upload id)            (the task: each file in a child process, under limits)
    offline_upload_plan(upload) -> OfflinePlan          raises WorkbookError listing every problem

The upload view stores the files (`ingest.jobs.store_upload`: streamed, capped, never held in memory)
and queues the task; the worker reads each file with `ingest.read_child` (`offline_import
.read_offline_book` in the child: the hostile-file checks, then calamine, under RLIMIT_AS and a time
limit), renewing the job's heartbeat (`ingest.jobs.heartbeat`), keeps what the files hold and deletes
them. The preview page polls until the reading is done, then plans against the submissions as they
are now (database reads only). A job whose heartbeat stopped is marked 读取中断 when next looked at.
"""

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from rectify.ingest.file_limits import LimitExceeded
from rectify.ingest.jobs import display_name, heartbeat, last_heartbeat, store_upload, worker_lost
from rectify.ingest.read_child import read_in_child
from rectify.ingest.readers import UnreadableDocument
from rectify.orgunits.permissions import require
from rectify.rounds.models import DispatchRound, OfflineUpload
from rectify.rounds.offline_import import OfflinePlan, check_upload, offline_plan_of_books

READER = "rectify.rounds.offline_import.read_offline_book"
_CHUNK = 1024 * 1024


def _discard(paths) -> None:
    for path in paths:
        shutil.rmtree(Path(path).parent, ignore_errors=True)


def offline_upload_create(*, actor, dispatch_round: DispatchRound, uploads, submit: bool) -> OfflineUpload:
    """Keep the uploaded files (Django Files, streamed) and queue their reading. Refuses, keeping
    nothing, a locked round, no file, too many, an empty one or one over the upload cap."""
    require(actor, "rounds.round.offline", dispatch_round)
    check_upload(dispatch_round, len(uploads))
    stored: list[list[str]] = []
    try:
        for upload in uploads:
            name = display_name(upload.name or "")
            _digest, path = store_upload(upload.chunks(_CHUNK), Path(name).suffix.lower()[:16], name)
            stored.append([str(path), name])
        job = OfflineUpload.objects.create(
            round=dispatch_round, created_by=actor, files=stored, submit=submit
        )
    except BaseException:
        _discard(path for path, _name in stored)
        raise
    read_offline_upload.enqueue(job.pk)  # as ingest queues its reads: the task row commits with the job
    return job


@task()
def read_offline_upload(upload_id: int) -> dict:
    """Read each file of an upload in a child process under limits; keep what they hold (or why not),
    then delete the files."""
    job = OfflineUpload.objects.get(pk=upload_id)
    if job.status != OfflineUpload.Status.READING:
        return {"status": job.status}
    books = []
    with heartbeat(job):
        for path, name in job.files:
            try:
                book = read_in_child(Path(path), source=name, reader=READER)
            except (LimitExceeded, UnreadableDocument, ValidationError) as error:
                book = {"errors": getattr(error, "messages", None) or [str(error)]}
            except Exception as error:  # the child's own failure: the file is refused, saying so
                book = {"errors": [f"无法读取文件「{name}」（{type(error).__name__}）"]}
            books.append([name, book])
    _discard(path for path, _name in job.files)
    OfflineUpload.objects.filter(pk=job.pk, status=OfflineUpload.Status.READING).update(
        status=OfflineUpload.Status.READ, books=books, finished_at=timezone.now()
    )
    return {"status": OfflineUpload.Status.READ}


def offline_upload_detect_dead_worker(job: OfflineUpload) -> OfflineUpload:
    """An upload being read whose worker stopped beating: mark it 读取中断, saying why, and drop its files."""
    if job.status != OfflineUpload.Status.READING or not worker_lost(job):
        return job
    at = timezone.localtime(last_heartbeat(job)).strftime("%Y-%m-%d %H:%M:%S")
    OfflineUpload.objects.filter(pk=job.pk, status=OfflineUpload.Status.READING).update(
        status=OfflineUpload.Status.FAILED,
        error=f"后台进程在读取文件的过程中中断（最后一次心跳：{at}），请重新上传。",
        finished_at=timezone.now(),
    )
    _discard(path for path, _name in job.files)
    job.refresh_from_db()
    return job


def offline_upload_plan(job: OfflineUpload) -> OfflinePlan:
    """What importing the upload's files would change now (planned against today's submissions)."""
    return offline_plan_of_books(job.round, [(name, book) for name, book in job.books])
