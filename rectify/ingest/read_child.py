"""Read an uploaded file in a child process, under a memory cap (RLIMIT_AS) and a time limit.

    read_in_child(path, source="台账.xlsx") -> the draft as JSON data (ingest.draft.draft_to_json)
    read_in_child(path, source="人员名单.xlsx", reader="rectify.ingest.grid.read_grid") -> one sheet's cells
    read_in_child(path, source=…, reader="rectify.rounds.offline_import.read_offline_book")
        -> what that reader returns (JSON data): another app's reader of its own uploads, run the same way

The limits of `ingest.file_limits` stop the known hostile files before a library opens them; this is
the second line: whatever a file does to calamine, python-docx or pypdf (a native abort, an
allocation of hundreds of GiB, a read that never ends) kills only the child. The caller gets
`LimitExceeded` with a message naming the file, and lives on. The child writes the draft as JSON to
a file (a pipe would fill up and block on a national workbook).

    python -m rectify.ingest.read_child PATH SOURCE OUTPUT LIMITS_JSON [READER]     (the child's side)

A reader is a function (path, *, source, limits) -> JSON data, named by its dotted path inside
`rectify` (the name comes from our own code, never from a request).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from rectify.ingest.file_limits import LIMITS, LimitExceeded, ReadLimits

WAIT_STEP = 5  # seconds between two calls of on_wait while the child reads
LEDGER_DRAFT = "rectify.ingest.read_child.ledger_draft"  # the default reader: a ledger's draft


def _cap(limits: ReadLimits) -> Callable[[], None]:
    def apply() -> None:
        import resource

        for which, cap in (
            (resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024),
            (resource.RLIMIT_FSIZE, limits.draft_mb * 1024 * 1024),  # no file it writes grows past this
        ):
            _, hard = resource.getrlimit(which)
            resource.setrlimit(which, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))

    return apply


def read_in_child(
    path: Path,
    *,
    source: str,
    limits: ReadLimits = LIMITS,
    on_wait: Callable[[], None] | None = None,
    reader: str = LEDGER_DRAFT,
) -> dict:
    """The draft of `path` as JSON data (`draft_from_json` makes it a LedgerDraft; the job keeps it as
    it is) — or what `reader` makes of it —, read in a child process. Raises UnreadableDocument,
    WorkbookError (as django's ValidationError) or LimitExceeded, each with a message naming `source`."""
    if not reader.startswith("rectify."):
        raise ValueError(f"not a reader of rectify's: {reader}")
    from django.core.exceptions import ValidationError

    from rectify.ingest.readers import UnreadableDocument

    with tempfile.TemporaryDirectory(prefix="rectify-read-") as work:
        output, errors = Path(work) / "draft.json", Path(work) / "stderr.txt"
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if "DJANGO_SETTINGS_MODULE" not in environment:
            from django.conf import settings

            environment["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
        with open(errors, "wb") as stderr:
            child = subprocess.Popen(  # our own interpreter and module, no shell
                [
                    sys.executable,
                    "-m",
                    "rectify.ingest.read_child",
                    str(path),
                    source,
                    str(output),
                    json.dumps(asdict(limits)),
                    reader,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=environment,
                preexec_fn=_cap(limits),  # only setrlimit, between fork and exec
                start_new_session=True,  # its own process group: a timeout kills LibreOffice with it
            )
            deadline = time.monotonic() + limits.seconds
            while True:
                try:
                    child.wait(timeout=max(0.01, min(WAIT_STEP, deadline - time.monotonic())))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        os.killpg(child.pid, signal.SIGKILL)
                        child.wait()
                        raise LimitExceeded(
                            f"读取文件“{source}”超过时间上限（{limits.seconds}秒），已停止读取"
                        ) from None
                    if on_wait is not None:
                        on_wait()
        result = json.loads(output.read_text("utf-8")) if output.exists() else None
        if result is None:
            code = child.returncode
            how = f"信号 {signal.Signals(-code).name}" if code < 0 else f"退出码 {code}"
            raise LimitExceeded(
                f"读取文件“{source}”时读取进程异常终止（{how}），可能超出内存上限（{limits.memory_mb}MB）；"
                "文件可能已损坏或是恶意构造的，未作导入"
            )
    if "draft" in result:
        return result["draft"]
    kind, messages = result["error"], result["messages"]
    if kind == "limit":
        raise LimitExceeded(messages[0])
    if kind == "document":
        raise UnreadableDocument(messages[0])
    raise ValidationError(messages)


def ledger_draft(path: Path, *, source: str, limits: ReadLimits) -> dict:
    """The default reader: a ledger's draft (a workbook or a report) as JSON data."""
    from rectify.ingest.draft import draft_to_json
    from rectify.ingest.sources import draft_from_file

    return draft_to_json(draft_from_file(path, source=source, limits=limits))


def _child(path: str, source: str, output: str, limits_json: str, reader: str = LEDGER_DRAFT) -> None:
    """The child's side: read, then write {"draft": …} or {"error": kind, "messages": […]}."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.utils.module_loading import import_string

    from rectify.ingest.readers import UnreadableDocument

    limits = ReadLimits(**json.loads(limits_json))
    try:
        if not reader.startswith("rectify."):
            raise ValueError(f"not a reader of rectify's: {reader}")
        result = {"draft": import_string(reader)(Path(path), source=source, limits=limits)}
    except LimitExceeded as error:
        result = {"error": "limit", "messages": [str(error)]}
    except UnreadableDocument as error:
        result = {"error": "document", "messages": [str(error)]}
    except ValidationError as error:
        result = {"error": "workbook", "messages": list(error.messages)}
    except MemoryError:
        result = {
            "error": "limit",
            "messages": [f"读取文件“{source}”超出内存上限（{limits.memory_mb}MB），已停止读取"],
        }
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a library's own failure (pyo3 panics are BaseException)
        problem = f"文件已损坏或格式不正确（{type(error).__name__}）"
        result = {"error": "document", "messages": [f"无法读取文件「{source}」：{problem}"]}
    # Past RLIMIT_FSIZE a write fails (EFBIG) instead of the signal killing the child: say so instead.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        _write(output, result)
    except OSError:
        too_big = f"读取文件“{source}”得到的内容超过上限（{limits.draft_mb}MB），未作导入；请拆分后分批导入"
        _write(output, {"error": "limit", "messages": [too_big]})


def _write(output: str, result: dict) -> None:
    partial = Path(f"{output}.part")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)  # whole or absent, whatever happens to the child


if __name__ == "__main__":
    _child(*sys.argv[1:6])
