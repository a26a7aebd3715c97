"""Hostile uploads: time and peak memory of reading each one as the background worker does.

    .venv/bin/python bench/hostile_files.py [--legit]

Each file is generated (tests/ingest/hostile_files.py) into bench/out/hostile/, then read in a fresh
process of its own, through `ingest.read_child.read_in_child` with the real limits: the checks of
`ingest.file_limits`, then the library, in a child process under RLIMIT_AS and the time limit. The
figures per file are the wall time of the read, the peak RSS of the reading child (getrusage
RUSAGE_CHILDREN in that fresh process, which has no other child) and of the process that waited
for it, and the message. One more row reads the dimension bomb with the sheet limits lifted: calamine
itself meets the 512 GiB sheet, and only the child pays. `--legit` adds the ledger workbooks of
bench/out/import_workbook/ (made by import_workbook.py) when they are there.

Target (issue 8): every hostile file ends in a clear message, ≤ 500 MB peak per file.
Figures go to stdout and bench/out/hostile/result.json.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "out" / "hostile"
TARGET_MB = 500
LIFTED = {"sheet_rows": 2_000_000, "sheet_columns": 20_000, "sheet_cells": 10**12}


def measure(path: Path, lifted: bool) -> dict:
    """The read of one file (this runs in a fresh process)."""
    import django

    django.setup()
    from rectify.ingest.file_limits import LIMITS, ReadLimits
    from rectify.ingest.read_child import read_in_child

    limits = ReadLimits(**{**LIMITS.__dict__, **LIFTED}) if lifted else LIMITS
    started = time.perf_counter()
    try:
        draft = read_in_child(path, source=path.name, limits=limits)
        outcome = f"读取成功：{len(draft['tasks'])}项任务"
    except Exception as error:
        outcome = "；".join(getattr(error, "messages", None) or [str(error)])
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "child_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "parent_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "message": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legit", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--lifted", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ingest")]
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if args.one:
        print(json.dumps(measure(Path(args.one), args.lifted), ensure_ascii=False))
        return
    from hostile_files import HOSTILE

    OUT.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, make in HOSTILE.items():
        started = time.perf_counter()
        path = make(OUT)
        print(
            f"generated {name}: {path.name}, {path.stat().st_size / 1024:.0f} KB in {time.perf_counter() - started:.1f} s"
        )
        cases.append((name, path, False))
    cases.append(("dimension_bomb_xlsx, sheet limits lifted", OUT / "维度炸弹.xlsx", True))
    if args.legit:
        cases += [
            (f"legit {p.name}", p, False)
            for p in sorted((BENCH_DIR / "out" / "import_workbook").glob("ledger-*.xlsx"))
        ]
    results = []
    for name, path, lifted in cases:
        command = [sys.executable, __file__, "--one", str(path), *(["--lifted"] if lifted else [])]
        output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
        result = {
            "case": name,
            "file": path.name,
            "kb": round(path.stat().st_size / 1024),
            **json.loads(output),
        }
        results.append(result)
        verdict = "ok" if result["child_mb"] <= TARGET_MB or name.startswith("legit") else "OVER TARGET"
        print(
            f"{name:45} {result['kb']:>8} KB {result['seconds']:>7.2f} s child {result['child_mb']:>5} MB "
            f"parent {result['parent_mb']:>4} MB {verdict}\n    {result['message']}"
        )
    (OUT / "result.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
