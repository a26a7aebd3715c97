"""Parsing throughput of the report parser (rectify.ingest.report.parse_report), in KB/s.

    .venv/bin/python bench/parse_report.py [--seed PATH] [--copies 100] [--repeat 3]

Two inputs: the seed report (../shared/seeds/changji-2023-rectification-report.txt) and a
synthetic report `--copies` times its size, built from the seed by repeating its attachment's 18
findings with their labels renumbered (一、 … 一千八百、), so that it is a valid report with
18 × copies findings between the seed's own narrative and signature. Each input is parsed
`--repeat` times and the best time is kept; peak memory is measured in a separate run under
tracemalloc (which slows Python down, so it is not timed; it sees Python's allocations, not
OpenCC's C++ ones), and the process's max RSS is printed at the end. KB = 1024 bytes of UTF-8.
No Django, no database.
"""

import argparse
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import cn2an

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rectify.ingest.report import parse_report  # noqa: E402

DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "changji-2023-rectification-report.txt"
_HEADING = re.compile(r"^([一二三四五六七八九十]+)、")


def synthetic_report(seed: str, copies: int) -> str:
    """The seed with its attachment's findings repeated `copies` times and renumbered."""
    lines = seed.splitlines()
    marker = max(i for i, line in enumerate(lines) if line.strip() == "附件：")
    first = next(i for i in range(marker, len(lines)) if _HEADING.match(lines[i]))
    signature = next(i for i in range(len(lines) - 1, first, -1) if lines[i].strip().startswith("中共"))
    findings: list[list[str]] = []
    for line in lines[first:signature]:
        if _HEADING.match(line):
            findings.append([line])
        else:
            findings[-1].append(line)
    out = lines[:first]
    number = 0
    for _ in range(copies):
        for finding in findings:
            number += 1
            out.append(_HEADING.sub(f"{cn2an.an2cn(number)}、", finding[0], count=1))
            out.extend(finding[1:])
    out.extend(lines[signature:])
    return "\n".join(out) + "\n"


def measure(name: str, text: str, repeat: int, expected_findings: int) -> None:
    """Time `parse_report` on `text` and print time, KB/s and peak memory."""
    size_kb = len(text.encode("utf-8")) / 1024
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        report = parse_report(text)
        best = min(best, time.perf_counter() - started)
    if len(report.findings) != expected_findings:
        raise SystemExit(f"{name}: {len(report.findings)} findings parsed, expected {expected_findings}")
    internal = [w for w in report.warnings if "内部错误" in w.message]
    if internal:
        raise SystemExit(f"{name}: {internal[0].message}")

    tracemalloc.start()
    parse_report(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:<12} {size_kb:>9.1f} KB  {len(report.findings):>5} findings  {best * 1000:>9.1f} ms  "
        f"{size_kb / best:>8.1f} KB/s  peak {peak / 1024 / 1024:>6.1f} MB (tracemalloc)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.seed.exists():
        raise SystemExit(f"seed not found: {args.seed}")
    seed = args.seed.read_text(encoding="utf-8")
    parse_report(seed)  # warm up: regexes compiled, OpenCC loaded
    measure("seed", seed, args.repeat, 18)
    measure(f"seed x{args.copies}", synthetic_report(seed, args.copies), args.repeat, 18 * args.copies)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"process max RSS {max_rss:.0f} MB (interpreter, libraries and both inputs included)")


if __name__ == "__main__":
    main()
