"""The other genres: each fixture (tests/fixtures/genres/, written in our own words after published
examples) is recognised and read field by field as its hand-written expected values say; web-copy
variants read the same; the seed's genre is still read by the report parser unchanged."""

import re

import pytest
from genre_fields import checks, expected_all, fixture_text

from ingest_helpers import check_schema, collapsed, half_width, internal_errors
from rectify.ingest.report import GENRES, genre_of, parse_document, parse_report, report_to_dict
from rectify.ingest.report.genres import placeholders
from support import shared_file

EXPECTED = expected_all()
CHECKS = [
    check
    for name, expected in EXPECTED.items()
    for check in checks(name, parse_document(fixture_text(name)), expected)
]


def test_every_genre_has_at_least_two_fixtures():
    per_genre = {genre: [n for n, e in EXPECTED.items() if e["genre"] == genre] for genre in GENRES}
    assert {genre: len(names) >= 2 for genre, names in per_genre.items() if genre != "progress_report"} == {
        genre: True for genre in GENRES if genre != "progress_report"
    }


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_field_is_read_as_expected(check):
    assert check.actual == check.expected


@pytest.mark.parametrize("name", EXPECTED)
def test_fixture_reads_without_internal_error_and_matches_the_schema(name):
    report = parse_document(fixture_text(name))
    assert internal_errors(report) == []
    check_schema(report_to_dict(report), report.line_count)


WEB_COPIES = {
    "half_width": half_width,
    "collapsed": collapsed,
    "half_width_collapsed": lambda text: collapsed(half_width(text)),
}
# What a web copy must keep: the genre, the numbers, deadlines, statuses, dates and summary counts.
KEPT = ("genre", "numbers", "status", "dates", "summary")


@pytest.mark.parametrize("variant", WEB_COPIES)
@pytest.mark.parametrize("name", EXPECTED)
def test_web_copy_reads_the_same_genre_numbers_statuses_dates_and_counts(name, variant):
    report = parse_document(WEB_COPIES[variant](fixture_text(name)))
    wrong = [
        (c.field, c.expected, c.actual)
        for c in checks(name, report, EXPECTED[name])
        if c.category in KEPT and not c.ok
    ]
    assert wrong == []
    ends = [c for c in checks(name, report, EXPECTED[name]) if c.field.endswith("deadline_end")]
    assert [(c.field, c.actual) for c in ends] == [(c.field, c.expected) for c in ends]


def test_the_seed_is_a_progress_report_read_by_the_report_parser_unchanged():
    text = shared_file("seeds/changji-2023-rectification-report.txt").read_text(encoding="utf-8")
    assert genre_of(text) == "progress_report"
    assert report_to_dict(parse_document(text)) == report_to_dict(parse_report(text))


@pytest.mark.parametrize(
    "text, genre",
    [
        ("截至*年*月*日，我县*项整改任务已完成*项。", "template"),
        (
            "问题序号 | 具体内容 | 整改目标 | 整改措施 | 完成情况 | 责任单位 | 完成时限\n1 | 某问题 | 目标 | 措施 | 已完成 | 某局 | 2024年底前",
            "disclosure_table",
        ),
        (
            "关于某问题整改完成情况的公示\n一、反馈问题\n某问题。\n二、整改目标\n某目标。\n三、整改措施\n1.某措施。",
            "completion_notice",
        ),
        ("该问题于2024年1月10日完成自行验收，1月18日提交市级验收，2月26日通过验收。", "acceptance_notice"),
        ('一、关于"某河段水质不达标"的问题\n整改进展情况:达到序时进度。\n1.完成截污。', "progress_list"),
        ("全州94项整改任务已完成55项，占总任务的58.5%。", "news"),
        ("一、某问题\n整改时限：2023年底前\n整改进展情况：已完成", "progress_report"),
        ("", "progress_report"),
    ],
)
def test_genre_of_short_texts(text, genre):
    assert genre_of(text) == genre


@pytest.mark.parametrize(
    "text, figures",
    [
        (
            "94项整改任务已完成55项,占总任务的58.5%",
            {"tasks_total": 94, "tasks_completed": 55, "tasks_completion_rate": 0.585},
        ),
        (
            "36项整改任务 已完成21项,基本完成6项,其余9项正在按序时推进",
            {
                "tasks_total": 36,
                "tasks_completed": 21,
                "tasks_basically_completed": 6,
                "tasks_on_schedule": 9,
            },
        ),
        (
            "交办的87件信访件已办结80件、阶段性办结7件",
            {
                "petitions_total": 87,
                "petitions_closed": 80,
                "petitions_closed_in_stage": 7,
                "petitions_closed_or_in_stage": 87,
            },
        ),
        (
            "交办的90件信访件已办结80件、阶段性办结7件",  # the text's own sum, not its total
            {
                "petitions_total": 90,
                "petitions_closed": 80,
                "petitions_closed_in_stage": 7,
                "petitions_closed_or_in_stage": 87,
            },
        ),
    ],
)
def test_summary_sentences_in_their_web_wordings(text, figures):
    summary = parse_document(text).summary
    assert {key: summary[key] for key in figures} == figures
    others = {k: v for k, v in summary.items() if k not in figures and k not in ("counts", "lines")}
    assert set(others.values()) == {None}


def test_a_template_reads_no_number_and_no_date_from_its_placeholders():
    text = fixture_text("template_blank.txt")
    assert len(placeholders(text)) >= 10
    report = parse_document(text)
    figures = {k: v for k, v in report.summary.items() if k not in ("counts", "lines")}
    assert set(figures.values()) == {None}
    assert report.summary["counts"] == []
    assert (report.date, report.as_of, report.findings) == (None, None, [])
    assert any("占位符" in w.message for w in report.warnings)


def test_a_partly_filled_template_keeps_what_is_filled_in_and_nothing_else():
    report = parse_document("截至*年*月底，全县12项整改任务已完成*项，交办的*件信访件已办结*件。")
    assert report.genre == "template"
    assert report.summary["tasks_total"] == 12
    assert report.summary["tasks_completed"] is None
    assert report.summary["petitions_total"] is None
    assert report.as_of is None


def test_a_table_row_that_names_no_number_is_unnumbered_not_invented():
    text = (
        "整改任务 | 责任单位 | 整改目标 | 整改时间\n某县饮用水源地违建 | 某县水利局 | 全部拆除 | 2024年底前"
    )
    (finding,) = parse_document(text).findings
    assert (finding.numbered, finding.provincial_seq, finding.city_seq) == (False, None, None)
    assert finding.label == "未编号" and not re.search(r"\d", finding.label)


@pytest.mark.parametrize(
    "variant", ["half_width_collapsed", "junk_flattened_traditional", "flattened_tables", "crlf"]
)
def test_the_seed_in_its_variants_is_still_a_progress_report(variant):
    from test_report_variants import TEXT_VARIANTS

    text = TEXT_VARIANTS[variant](
        shared_file("seeds/changji-2023-rectification-report.txt").read_text(encoding="utf-8")
    )
    assert genre_of(text) == "progress_report"
