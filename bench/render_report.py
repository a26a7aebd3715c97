"""Rendering the progress report (rectify.documents.report_docx.render_progress_report): time and memory.

    .venv/bin/python bench/render_report.py [--seed PATH] [--repeat 3] [--findings 1000 --measures 5000]
    .venv/bin/python bench/render_report.py --screenshots     # also docs/img/report-page1.png, -attachment.png

Two reports:
- seed-sized: the seed report (../shared/seeds/changji-2023-rectification-report.txt) parsed with our
  own parser and mapped into a ReportContent: its narrative into opening / sections / closing, its 18
  findings (54 numbered measures) into the attachment;
- province-sized: `--findings` findings and `--measures` measures (default 1,000 and 5,000), their
  texts cycled from the seed's findings and measures (realistic lengths: 40–700 characters), renumbered
  (一、… 一千、), measures spread evenly over the findings.

Each size runs in a fresh child process, so that ru_maxrss (the process's peak resident memory, which
never goes down) is that size's own: the content is built, then rendered `--repeat` times (best time
kept), then once more under tracemalloc (the Python heap's peak, not timed: tracemalloc slows Python).
No Django, no database. Targets (issue 4): ≤ 5 s and ≤ 300 MB on this 2-core machine.

--screenshots renders the seed-sized report, converts it to PDF with LibreOffice (rectify.documents.pdf)
and writes pages 1 and the attachment's first page as PNG (pdftoppm -r 80) into docs/img/.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import cn2an

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rectify.documents.content import (  # noqa: E402
    AttachmentFinding,
    AttachmentMeasure,
    ReportContent,
    Section,
)
from rectify.documents.report_docx import render_progress_report  # noqa: E402
from rectify.ingest.report import parse_report  # noqa: E402

DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "changji-2023-rectification-report.txt"
OUT_DIR = ROOT / "bench" / "out"
IMG_DIR = ROOT / "docs" / "img"
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def seed_content(seed: Path = DEFAULT_SEED) -> ReportContent:
    """The seed report as a ReportContent, through our parser."""
    report = parse_report(seed.read_text(encoding="utf-8"))
    opening: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    closing: list[str] = []
    for line in report.narrative.splitlines():
        line = line.strip()
        if not line or line.startswith("附件"):
            continue
        if line.startswith("下一步") or closing:
            closing.append(line)
        elif _SECTION_HEADING.match(line):
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            opening.append(line)
    findings = []
    for finding in report.findings:
        measures = [AttachmentMeasure(m.number, m.text) for m in finding.measures]
        progress = finding.status_raw + (f"\n{finding.progress}" if finding.progress else "")
        findings.append(
            AttachmentFinding(
                label=finding.label,
                text=finding.text,
                deadline=finding.deadline.raw,
                progress=progress,
                measures=tuple(measures),
            )
        )
    title = report.title
    if "督察整改" in title:  # where the seed breaks its title
        title = title.replace("督察整改", "督察\n整改", 1)
    return ReportContent(
        title=title,
        opening="\n".join(opening),
        sections=tuple(Section(heading, "\n".join(body)) for heading, body in sections),
        closing="\n".join(closing),
        issuer="\n".join(report.issuers),
        date=report.date,
        attachment_title=report.attachment_titles[-1] if report.attachment_titles else "",
        findings=tuple(findings),
    )


def province_content(seed: ReportContent, findings: int, measures: int) -> ReportContent:
    """A province-sized report: the seed's texts cycled into `findings` findings and `measures` measures."""
    seed_measures = [m.text for f in seed.findings for m in f.measures]
    out = []
    given = 0
    for index in range(findings):
        model = seed.findings[index % len(seed.findings)]
        count = measures * (index + 1) // findings - given  # spread evenly: 5 each for 1,000 / 5,000
        items = tuple(
            AttachmentMeasure(n + 1, seed_measures[(given + n) % len(seed_measures)]) for n in range(count)
        )
        given += count
        out.append(
            AttachmentFinding(
                label=cn2an.an2cn(index + 1),
                text=model.text,
                deadline=model.deadline,
                progress=model.progress.split("\n")[0],
                measures=items,
            )
        )
    return ReportContent(
        title=seed.title.replace("\n", ""),
        opening=seed.opening,
        sections=seed.sections,
        closing=seed.closing,
        issuer=seed.issuer,
        date=seed.date,
        attachment_title=seed.attachment_title,
        findings=tuple(out),
    )


def _run_one(args: argparse.Namespace) -> None:
    """In a child process: build one report, time its rendering, measure its memory; print JSON."""
    seed = seed_content(Path(args.seed))
    content = seed if args.one == "seed" else province_content(seed, args.findings, args.measures)
    characters = sum(
        len(f.text) + len(f.deadline) + len(f.progress) + sum(len(m.text) for m in f.measures)
        for f in content.findings
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    best = float("inf")
    size = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        data = render_progress_report(content)
        best = min(best, time.perf_counter() - started)
        size = len(data)
    del data
    tracemalloc.start()
    render_progress_report(content)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "findings": len(content.findings),
        "measures": sum(len(f.measures) for f in content.findings),
        "attachment_chars": characters,
        "seconds": best,
        "docx_bytes": size,
        "traced_peak": traced_peak,
        "maxrss_before": before,  # the interpreter, python-docx and the content, before rendering
        "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(result))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def screenshots(seed: Path) -> None:
    """Seed report → .docx → PDF → PNGs of page 1 and of the attachment's first page."""
    from pypdf import PdfReader

    from rectify.documents.pdf import docx_to_pdf

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    docx_path = OUT_DIR / "report-seed.docx"
    pdf_path = OUT_DIR / "report-seed.pdf"
    docx_path.write_bytes(render_progress_report(seed_content(seed)))
    pdf_path.write_bytes(docx_to_pdf(docx_path.read_bytes()))
    pages = [page.extract_text() or "" for page in PdfReader(str(pdf_path)).pages]
    attachment = next(i for i, text in enumerate(pages) if i and text.lstrip().startswith("附件"))
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    for page, name in ((1, "report-page1"), (attachment + 1, "report-attachment")):
        prefix = OUT_DIR / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf_path),
                prefix,
            ],
            check=True,
        )
        target = IMG_DIR / f"{name}.png"
        target.write_bytes(prefix.with_suffix(".png").read_bytes())
        print(f"{target.relative_to(ROOT)}: page {page} of {len(pages)}, {target.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", default=str(DEFAULT_SEED))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--measures", type=int, default=5000)
    parser.add_argument("--screenshots", action="store_true")
    parser.add_argument("--one", choices=["seed", "province"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _run_one(args)
        return
    print(f"render_progress_report (python-docx), best of {args.repeat}; memory in a fresh process per size")
    for size in ("seed", "province"):
        command = [sys.executable, __file__, "--one", size, "--seed", args.seed, "--repeat", str(args.repeat)]
        command += ["--findings", str(args.findings), "--measures", str(args.measures)]
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(
            f"{size:>8}: {result['findings']:>5} findings, {result['measures']:>5} measures, "
            f"{result['attachment_chars'] / 1000:,.0f}k characters → {result['docx_bytes'] / 1024:,.0f} KB .docx "
            f"in {result['seconds']:.2f} s; peak Python heap {_mb(result['traced_peak'])}, "
            f"peak RSS {_mb(result['maxrss'])} ({_mb(result['maxrss_before'])} before rendering)"
        )
    if args.screenshots:
        screenshots(Path(args.seed))


if __name__ == "__main__":
    main()
