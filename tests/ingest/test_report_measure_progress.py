"""A measure states progress only where the document says so (issue 8, 1.6): its text is what is done."""

from ingest_helpers import seed_text
from rectify.ingest.report import parse_report
from rectify.ingest.report_draft import draft_from_report

REPORT = """某州整改落实情况报告
一、某问题存在。
整改时限：2023年底前
整改进展情况：正在推进
1.建立项目审查制度。
进展情况：已建立并运行。
2.开展排查整治。（已完成）
3.加强监管。
4.完善制度（试行）。
二、另一个问题。
整改时限：2024年底前
整改进展情况：已完成
1.完成整改。
某州人民政府
2023年12月25日
"""


def test_the_seed_states_no_progress_of_its_own_for_any_measure():
    draft = draft_from_report(parse_report(seed_text()), source="seed.txt")
    measures = [m for task in draft.tasks for m in task.measures]
    assert len(measures) == 54
    assert [m for m in measures if m.progress_text is not None] == []


def test_a_progress_line_or_a_bracketed_status_is_the_measures_progress():
    report = parse_report(REPORT)
    first = report.findings[0]
    assert first.status_raw == "正在推进"  # the finding's status is not taken by the measure's line
    assert [(m.text, m.progress) for m in first.measures] == [
        ("建立项目审查制度。", "已建立并运行。"),
        ("开展排查整治。", "已完成"),
        ("加强监管。", ""),
        ("完善制度（试行）。", ""),  # brackets that are not a status stay in the text
    ]
    assert report.warnings == []
    draft = draft_from_report(report, source="r.txt")
    assert [m.progress_text for m in draft.tasks[0].measures] == ["已建立并运行。", "已完成", None, None]
