"""The genre fixtures (tests/fixtures/genres/*.txt) against their hand-written expected values
(expected.json), one check per field. Shared by tests/ingest/test_genres.py (one test per check)
and bench/genre_accuracy.py (the per-genre accuracy table)."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rectify.ingest.report import ParsedReport

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "genres"
HELD_OUT = FIXTURES / "held_out"  # written after the parser; measured, then used to improve it
UNSEEN = FIXTURES / "unseen"  # written after that, never used to change the parser: bench only
CATEGORIES = ("genre", "numbers", "deadline", "status", "measures", "dates", "summary", "facts")
SUMMARY_KEYS = (
    "tasks_total",
    "tasks_completed",
    "tasks_on_schedule",
    "tasks_behind_schedule",
    "tasks_basically_completed",
    "tasks_completion_rate",
    "petitions_total",
    "petitions_closed",
    "petitions_closed_in_stage",
    "petitions_closed_or_in_stage",
    "petition_closure_rate",
)
NOTICE_DATES = (
    "notice_start",
    "notice_end",
    "completed_on",
    "self_checked_on",
    "submitted_on",
    "accepted_on",
)
NOTICE_FACTS = ("objection_days", "objection_day_kind", "objection_to", "contact", "phone", "units")


@dataclass(frozen=True)
class Check:
    fixture: str
    category: str
    field: str
    expected: Any
    actual: Any

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    @property
    def id(self) -> str:
        return f"{self.fixture}:{self.field}"


def expected_all(folder: Path = FIXTURES) -> dict[str, dict]:
    data = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return {name: value for name, value in data.items() if not name.startswith("_")}


def fixture_text(name: str, folder: Path = FIXTURES) -> str:
    return (folder / name).read_text(encoding="utf-8")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def checks(name: str, report: ParsedReport, expected: dict) -> list[Check]:
    """One Check per expected field of the fixture `name`."""
    out: list[Check] = []

    def add(category: str, field: str, want: Any, got: Any) -> None:
        out.append(Check(name, category, field, want, got))

    add("genre", "genre", expected["genre"], report.genre)
    add("dates", "date", expected["date"], _iso(report.date))
    add("dates", "as_of", expected["as_of"], _iso(report.as_of))
    for key in SUMMARY_KEYS:
        add("summary", f"summary.{key}", expected["summary"].get(key), report.summary.get(key))
    notice = expected.get("notice")
    if notice is not None:
        for key in NOTICE_DATES:
            add("dates", f"notice.{key}", notice[key], _iso(getattr(report.notice, key)))
        for key in NOTICE_FACTS:
            got = getattr(report.notice, key)
            add("facts", f"notice.{key}", notice[key], list(got) if key == "units" else got)
    add("numbers", "findings.count", len(expected["findings"]), len(report.findings))
    for index, want in enumerate(expected["findings"]):
        got = report.findings[index] if index < len(report.findings) else None
        at = f"findings[{index}]"
        for key in ("number", "numbered", "provincial_seq", "city_seq"):
            add("numbers", f"{at}.{key}", want[key], getattr(got, key, None))
        add("facts", f"{at}.text", want["text"], getattr(got, "text", None))
        add("deadline", f"{at}.deadline_raw", want["deadline_raw"], got.deadline.raw if got else None)
        add("deadline", f"{at}.deadline_end", want["deadline_end"], _iso(got.deadline.end) if got else None)
        add("status", f"{at}.status_code", want["status_code"], getattr(got, "status_code", None))
        measures = [[m.text, m.progress] for m in got.measures] if got else []
        for m in range(max(len(want["measures"]), len(measures))):
            add(
                "measures",
                f"{at}.measures[{m}]",
                want["measures"][m] if m < len(want["measures"]) else None,
                measures[m] if m < len(measures) else None,
            )
        for key, value in want["fields"].items():
            add("facts", f"{at}.fields.{key}", value, got.fields.get(key) if got else None)
    return out
