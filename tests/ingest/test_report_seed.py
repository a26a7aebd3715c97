"""The seed report (Changji, 2023-12-25), asserted field by field."""

from datetime import date

import pytest

from ingest_helpers import EXPECTED, check_schema, finding_keys, seed_text
from rectify.ingest.report import parse_report, report_to_dict


@pytest.fixture(scope="module")
def report():
    return parse_report(seed_text())


def test_exactly_the_18_findings_of_the_attachment(report):
    assert [f.number for f in report.findings] == list(range(1, 19))
    assert [f.label for f in report.findings] == [row[1] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[row[1] for row in EXPECTED])
def test_each_finding_deadline_status_and_measures(report, expected):
    number, label, kind, end, status, measure_count = expected
    finding = report.findings[number - 1]
    assert finding.label == label
    assert finding.deadline.kind.value == kind
    assert finding.deadline.end == end
    assert finding.status_code == status
    assert len(finding.measures) == measure_count
    assert [m.number for m in finding.measures] == list(range(1, measure_count + 1))


def test_all_findings_in_one_table(report):
    assert finding_keys(report) == EXPECTED


def test_raw_texts_are_kept(report):
    first, eleventh = report.findings[0], report.findings[10]
    assert first.text.startswith("思想认识有偏差。一些地方和部门")
    assert first.deadline.raw == "立行立改，长期坚持"
    assert first.status_raw == "已完成，长期坚持"
    assert first.measures[0].text.startswith("加强新发展理念学习宣传。")
    assert first.measures[3].text.startswith("严把项目准入")
    assert report.findings[3].deadline.raw == "2024年6月底"
    assert report.findings[3].status_raw == "正在持续推进"
    # 十一 has no numbered measure: its progress sentence is kept as progress text
    assert eleventh.measures == []
    assert eleventh.progress.startswith("新疆大黄山鸿基焦化有限责任公司已完成整改。")
    # the indented "    4." of 十 is a measure like the others
    assert report.findings[9].measures[3].text.startswith("严格落实《关于“乌-昌-石”区域")


def test_measure_starting_with_a_year_is_one_measure(report):
    # "2.2022年，全面梳理…" is measure 2 followed by a year, not measure 2.2022
    assert report.findings[1].measures[1].text.startswith("2022年，全面梳理准东经济技术开发区")


def test_the_narrative_is_not_findings(report):
    assert "提高政治站位，坚决扛起督察整改政治责任" in report.narrative
    assert "下一步，自治州党委、政府将坚持" in report.narrative
    assert "思想认识有偏差" not in report.narrative


def test_headline_figures(report):
    summary = report.summary
    assert summary["tasks_total"] == 25
    assert summary["tasks_completed"] == 16
    assert summary["tasks_on_schedule"] == 9
    assert summary["petitions_total"] == 181
    assert summary["petitions_closed_or_in_stage"] == 181  # "已办结或阶段性办结"
    assert summary["petitions_closed"] is None  # the report never says how many are fully closed
    assert summary["petition_closure_rate"] == pytest.approx(0.989)


def test_other_counts_say_what_they_count(report):
    counts = report.summary["counts"]
    first_round = [c for c in counts if c["value"] == 272]
    assert len(first_round) == 1
    assert first_round[0]["unit"] == "件"
    assert first_round[0]["what"] == "第一轮中央环境保护督察交办的信访件"
    assert {(c["value"], c["what"]) for c in counts} >= {
        (25, "督察反馈涉及昌吉州的整改任务"),
        (9, "其余整改任务"),
        (181, "交办的信访案件"),
    }


def test_dates_issuers_title(report):
    assert report.date == date(2023, 12, 25)
    assert report.as_of == date(2023, 10, 31)  # 截至10月底, resolved against the document date
    assert report.as_of_raw == "截至10月底"
    assert "昌吉回族自治州人民政府" in report.issuers
    assert report.issuers == ["中共昌吉回族自治州委员会", "昌吉回族自治州人民政府"]
    assert "整改落实情况报告" in report.title
    assert report.title == "昌吉回族自治州第二轮中央生态环境保护督察整改落实情况报告"
    assert (
        report.attachment_titles[-1]
        == "昌吉回族自治州贯彻落实第二轮中央生态环境保护督察报告具体问题整改进展情况"
    )


def test_nothing_left_unplaced(report):
    assert report.warnings == []


def test_json_shape(report):
    data = report_to_dict(report)
    check_schema(data, report.line_count)
    assert data["date"] == "2023-12-25" and data["as_of"] == "2023-10-31"
    first = data["findings"][0]
    assert first["deadline"]["kind"] == "immediate_ongoing"
    assert first["status"] == {"raw": "已完成，长期坚持", "code": "completed_ongoing"}
    assert len(first["measures"]) == 4
    assert data["findings"][2]["deadline"]["end"] == "2023-12-31"
