"""Field accuracy of the report parser on the genre fixtures (tests/fixtures/genres/), per genre.

    .venv/bin/python bench/genre_accuracy.py [--failures]

Each fixture is read with `parse_document` (the genre recognised, not given) and compared field by
field with its hand-written expected values (tests/fixtures/genres/expected.json; the comparison is
tests/ingest/genre_fields.py, the same the tests use). Prints a Markdown table: per genre and field
category (genre, numbers: 序号/省序号/市序号 and the count of findings, deadline, status, measures
with their progress, dates: document, as-of, notice and acceptance dates, summary counts, facts:
texts, units, targets, contacts, objection window) the share of fields read right, as right/total.
No Django, no database.
"""

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ingest")]

from genre_fields import CATEGORIES, FIXTURES, HELD_OUT, UNSEEN, checks, expected_all, fixture_text  # noqa: E402

from rectify.ingest.report import GENRES, parse_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every field read wrong")
    args = parser.parse_args()
    sets = (
        ("Fixtures (the parser was built on them)", FIXTURES),
        ("Held out (measured once unseen, then used to improve the parser)", HELD_OUT),
        ("Unseen (never used to change the parser)", UNSEEN),
    )
    for title, folder in sets:
        print(f"\n### {title}: {folder.relative_to(ROOT)}\n")
        table(folder, args.failures)


def table(folder: Path, show_failures: bool) -> None:
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    fixtures: dict[str, int] = defaultdict(int)
    failures = []
    for name, expected in expected_all(folder).items():
        genre = expected["genre"]
        fixtures[genre] += 1
        for check in checks(name, parse_document(fixture_text(name, folder)), expected):
            cell = tally[genre][check.category]
            cell[0] += check.ok
            cell[1] += 1
            if not check.ok:
                failures.append(check)

    def show(cell) -> str:
        right, total = cell
        return f"{right}/{total} ({right / total:.0%})" if total else "—"

    print("| genre | fixtures | " + " | ".join(CATEGORIES) + " | all |")
    print("|---|---|" + "---|" * (len(CATEGORIES) + 1))
    overall = [0, 0]
    for genre in GENRES:
        if genre not in tally:
            continue
        cells = tally[genre]
        right = sum(cells[c][0] for c in CATEGORIES)
        total = sum(cells[c][1] for c in CATEGORIES)
        overall[0] += right
        overall[1] += total
        row = [show(cells[c]) if cells[c][1] else "—" for c in CATEGORIES]
        print(f"| {genre} | {fixtures[genre]} | " + " | ".join(row) + f" | {show([right, total])} |")
    print(f"\nAll fields: {show(overall)}; {len(failures)} read wrong.")
    if show_failures:
        for check in failures:
            print(f"- {check.id}: expected {check.expected!r}, read {check.actual!r}")


if __name__ == "__main__":
    main()
