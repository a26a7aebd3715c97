"""Other phrasings than the seed's: a provincial notice numbered （一）, a plan numbered 序号N, and the
vocabulary of each module (numbering labels, field labels, statuses, dates, junk, tables)."""

from datetime import date

import pytest

from ingest_helpers import check_schema, internal_errors
from rectify.ingest.report import parse_report, report_to_dict
from rectify.ingest.report.dates import find_as_of
from rectify.ingest.report.fields import DEADLINE, STATUS, match_field
from rectify.ingest.report.junk import junk_kind
from rectify.ingest.report.numbers import match_numbering
from rectify.ingest.report.shapes import org_names, parse_date_line
from rectify.ingest.report.statuses import status_code
from rectify.ingest.report.text import normalise

# A provincial notice in the style such offices publish: sections 一、二、三、, findings （一）…, labels
# 整改期限 / 整改时间 / 整改完成时间 and 完成情况 / 问题解决情况 / 进展情况, 省序号/市序号, 一是/二是 measures.
PROVINCIAL = """柳原市生态环境保护督察整改工作领导小组办公室
关于第二轮省级生态环境保护督察反馈问题整改进展情况的通报

各县（市、区）人民政府，市直有关部门：
    现将第二轮省级生态环境保护督察反馈问题整改进展情况通报如下。
一、总体进展
截至2024年3月31日，省级督察反馈的12项整改任务已完成8项，其余4项整改任务均达到序时进度。督察组交办的56件信访件已全部办结，办结率100%。
二、具体问题整改情况
（一）石河县城区污水处理厂长期超负荷运行，部分污水未经处理直排北塔河。（省序号3，市序号1）
整改期限：2024年12月底前
完成情况：达到序时进度。一是新建污水处理厂二期工程已完成主体施工；二是完成城区雨污分流改造管网12公里；三是对直排口实施封堵并设置在线监控。
（二）北塔县建筑垃圾随意倾倒问题突出。
省序号：7
市序号：2
整改时间：今年底前
问题解决情况：已完成整改。
一是清运建筑垃圾3.2万吨；
二是建成建筑垃圾消纳场1处。
（三）柳原工业园区化工企业VOCs无组织排放。（省序号11）
整改完成时间：2023年6月至2024年6月
进展情况：逾期未完成。一是已完成12家企业泄漏检测与修复；二是剩余3家企业因停产未完成治理。
三、下一步工作
各责任单位要对照时限要求，倒排工期，确保按期完成整改任务。

柳原市生态环境保护督察整改工作领导小组办公室
2024年4月8日
"""

# A plan (整改方案): findings numbered 序号N, with 问题 / 整改目标 / 整改时限 / 责任单位 / 整改措施.
PLAN = """北塔县贯彻落实第三轮中央生态环境保护督察反馈意见整改方案
为切实抓好中央生态环境保护督察反馈问题整改，制定本方案。
序号1
问题：县城集中式饮用水水源地一级保护区内仍有养殖场。
整改目标：一级保护区内养殖场全部关闭搬迁。
整改时限：2024年6月底前
责任单位：县农业农村局、县生态环境局
整改措施：
1.开展水源地保护区排查，建立问题清单。
2.依法关闭搬迁保护区内养殖场2家。
序号2
问题：工业园区污水处理厂出水总氮超标。
整改时限：2024年底前完成提标改造主体工程，2025年6月底前稳定达标
责任单位：工业园区管委会
整改措施：1.实施污水处理厂提标改造。
2.加强进水水质监管。
3.安装总氮在线监测设备。
序号3
问题：部分乡镇生活垃圾填埋场渗滤液处理设施不正常运行。
整改时限：立行立改，长期坚持
责任单位：县住房和城乡建设局
整改措施：
1.对全县填埋场开展专项检查。
中共北塔县委 北塔县人民政府
2023年11月20日
"""


def test_provincial_notice():
    report = parse_report(PROVINCIAL)
    assert internal_errors(report) == [] and report.warnings == []
    check_schema(report_to_dict(report), report.line_count)
    assert (
        report.title
        == "柳原市生态环境保护督察整改工作领导小组办公室关于第二轮省级生态环境保护督察反馈问题整改进展情况的通报"
    )
    assert report.issuers == ["柳原市生态环境保护督察整改工作领导小组办公室"]
    assert report.date == date(2024, 4, 8)
    assert report.as_of == date(2024, 3, 31)
    s = report.summary
    assert (s["tasks_total"], s["tasks_completed"], s["tasks_on_schedule"]) == (12, 8, 4)
    assert (s["petitions_total"], s["petitions_closed"], s["petition_closure_rate"]) == (56, 56, 1.0)

    first, second, third = report.findings
    assert [(f.number, f.label) for f in report.findings] == [(1, "一"), (2, "二"), (3, "三")]
    assert (first.provincial_seq, first.city_seq) == (3, 1)
    assert (second.provincial_seq, second.city_seq) == (7, 2)
    assert (third.provincial_seq, third.city_seq) == (11, None)
    assert (first.deadline.kind.value, first.deadline.end) == ("date", date(2024, 12, 31))
    assert (second.deadline.kind.value, second.deadline.end) == ("relative", date(2024, 12, 31))  # 今年底前
    assert (third.deadline.kind.value, third.deadline.start, third.deadline.end) == (
        "range",
        date(2023, 6, 1),
        date(2024, 6, 30),
    )
    assert [f.status_code for f in report.findings] == ["on_schedule", "completed", "overdue"]
    assert [f.status_raw for f in report.findings] == ["达到序时进度", "已完成整改", "逾期未完成"]
    assert [m.text for m in first.measures] == [
        "新建污水处理厂二期工程已完成主体施工；",
        "完成城区雨污分流改造管网12公里；",
        "对直排口实施封堵并设置在线监控。",
    ]
    assert [len(f.measures) for f in report.findings] == [3, 2, 2]
    assert "下一步工作" in report.narrative and "总体进展" in report.narrative


def test_plan_with_sequence_numbers():
    report = parse_report(PLAN)
    assert internal_errors(report) == [] and report.warnings == []
    check_schema(report_to_dict(report), report.line_count)
    assert report.issuers == ["中共北塔县委", "北塔县人民政府"]
    assert report.date == date(2023, 11, 20)
    assert [(f.number, f.label) for f in report.findings] == [(1, "1"), (2, "2"), (3, "3")]
    first, second, third = report.findings
    assert first.text == "县城集中式饮用水水源地一级保护区内仍有养殖场。"
    assert first.fields == {
        "整改目标": "一级保护区内养殖场全部关闭搬迁。",
        "责任单位": "县农业农村局、县生态环境局",
    }
    assert [len(f.measures) for f in report.findings] == [2, 3, 1]
    assert second.deadline.kind.value == "staged"
    assert [m.date for m in second.deadline.milestones] == [date(2024, 12, 31), date(2025, 6, 30)]
    assert third.deadline.kind.value == "immediate_ongoing"
    assert {f.status_code for f in report.findings} == {"unknown"}  # a plan has no progress yet


def test_plan_as_a_flattened_table():
    text = "\n".join(
        [
            "北塔县整改任务清单",
            "省序号 | 问题 | 整改时限 | 责任单位 | 整改措施",
            "12 | 水源地保护区内有养殖场。 | 2024年6月底前 | 县农业农村局 | 1.排查。 2.关闭搬迁。",
            "15 | 污水处理厂总氮超标。 | 2025年底前 | 园区管委会 | 1.提标改造。",
        ]
    )
    report = parse_report(text)
    assert [(f.number, f.provincial_seq, len(f.measures)) for f in report.findings] == [
        (12, 12, 2),
        (15, 15, 1),
    ]
    assert report.findings[0].fields == {"责任单位": "县农业农村局"}


@pytest.mark.parametrize(
    ("line", "kind", "number", "label"),
    [
        ("一、思想认识有偏差。", "cn", 1, "一"),
        ("十八、农业节水存在短板。", "cn", 18, "十八"),
        ("一千八百、问题", "cn", 1800, "一千八百"),
        ("（一）扛牢政治责任。", "cn_paren", 1, "一"),
        ("（十二）问题", "cn_paren", 12, "十二"),
        ("1.加强学习", "arabic", 1, "1"),
        ("12、加强学习", "arabic", 12, "12"),
        ("2.2022年，全面梳理", "arabic", 2, "2"),
        ("（3）措施", "arabic_paren", 3, "3"),
        ("4）措施", "arabic_paren", 4, "4"),
        ("一是建立清单；", "shi", 1, "一"),
        ("十是加强监管", "shi", 10, "十"),
        ("序号5", "seq", 5, "5"),
        ("序号：6 问题", "seq", 6, "6"),
        ("省序号12：问题", "seq", 12, "12"),
        ("市序号3", "seq", 3, "3"),
    ],
)
def test_numbering_labels(line, kind, number, label):
    numbering = match_numbering(line)
    assert numbering is not None
    assert (numbering.kind, numbering.number, numbering.label) == (kind, number, label)


@pytest.mark.parametrize(
    "line", ["2023年底前完成", "统一规划、统一政策", "三线一单", "一些地方", "十三五期间", ""]
)
def test_not_numbering_labels(line):
    assert match_numbering(line) is None


@pytest.mark.parametrize(
    ("line", "role", "value"),
    [
        ("整改时限：2023年底前", DEADLINE, "2023年底前"),
        ("完成时限：2024年6月底", DEADLINE, "2024年6月底"),
        ("整改期限：立行立改", DEADLINE, "立行立改"),
        ("整改时间:今年底前", DEADLINE, "今年底前"),
        ("整改完成时间：2025年", DEADLINE, "2025年"),
        ("【整改时限】2023年底前", DEADLINE, "2023年底前"),
        ("整改进展情况：已完成", STATUS, "已完成"),
        ("完成情况：基本完成", STATUS, "基本完成"),
        ("问题解决情况：已销号", STATUS, "已销号"),
        ("整改情况：推进中", STATUS, "推进中"),
        ("进展情况：滞后", STATUS, "滞后"),
    ],
)
def test_field_labels(line, role, value):
    field = match_field(line)
    assert field is not None and (field.role, field.value) == (role, value)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("已完成，长期坚持", "completed_ongoing"),
        ("已完成", "completed"),
        ("完成整改", "completed"),
        ("正在持续推进", "in_progress"),
        ("持续推进", "in_progress"),
        ("正在推进", "in_progress"),
        ("推进中", "in_progress"),
        ("基本完成", "basically_completed"),
        ("达到序时进度", "on_schedule"),
        ("超过序时进度", "ahead_of_schedule"),
        ("超序时", "ahead_of_schedule"),
        ("未达到序时进度", "behind_schedule"),
        ("滞后", "behind_schedule"),
        ("逾期", "overdue"),
        ("逾期未完成", "overdue"),
        ("已销号", "signed_off"),
        ("未启动", "not_started"),
        ("尚未启动", "not_started"),
        ("已完成整改，达到序时进度要求", "completed"),
        ("未完成，达到序时进度", "on_schedule"),
        ("部分完成", "in_progress"),
        ("基本完成，长期坚持", "basically_completed"),
        ("整改完成，已销号", "signed_off"),
        ("长期坚持", "in_progress"),
        ("", "unknown"),
        ("见附表", "unknown"),
    ],
)
def test_status_codes(raw, code):
    assert status_code(raw) == code


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("截至10月底，完成", date(2023, 12, 25), date(2023, 10, 31)),
        ("截至2023年10月底，完成", None, date(2023, 10, 31)),
        ("截至12月底", date(2024, 1, 10), date(2023, 12, 31)),  # last December before the document
        ("截止2024年3月15日", None, date(2024, 3, 15)),
        ("截至2023年底", None, date(2023, 12, 31)),
        ("截至目前，25项整改任务", date(2023, 12, 25), date(2023, 12, 25)),
    ],
)
def test_as_of(text, reference, expected):
    found = find_as_of([(1, text, True)], reference)
    assert found is not None and found.date == expected


def test_as_of_prefers_the_explicit_cut_off_over_the_vague_one():
    lines = [
        (1, "截至目前，25项整改任务已完成16项", True),
        (5, "截至10月底，完成", False),
        (9, "截至10月底，已", False),
    ]
    assert find_as_of(lines, date(2023, 12, 25)).date == date(2023, 10, 31)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023年12月25日", date(2023, 12, 25)),
        ("二〇二三年十二月二十五日", date(2023, 12, 25)),
        ("（2023年12月25日）", date(2023, 12, 25)),
        ("2023-12-25", date(2023, 12, 25)),
        ("2023年2月30日", None),
        ("2023年12月25日印发", None),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(line) == expected


def test_signature_line_with_two_issuers():
    assert org_names("中共昌吉州委 昌吉州人民政府") == ["中共昌吉州委", "昌吉州人民政府"]
    assert org_names("整改落实情况报告") == []


def test_issuers_from_the_title_when_unsigned():
    report = parse_report("中共北塔县委 北塔县人民政府关于督察整改情况的报告\n一、总体情况\n已完成。")
    assert report.issuers == ["中共北塔县委", "北塔县人民政府"]


@pytest.mark.parametrize(
    "line",
    [
        "— 3 —",
        "- 12 -",
        "第3页 共10页",
        "第 3 页",
        "3/10",
        "http://www.gov.cn/a.html",
        "来源：新华网",
        "打印本页",
        "关闭窗口",
        "【打印】【关闭】",
    ],
)
def test_junk_lines(line):
    assert junk_kind(line) is not None


@pytest.mark.parametrize("line", ["1.加强学习", "来源于群众举报的问题已办结。", "2023年底前"])
def test_content_is_not_junk(line):
    assert junk_kind(line) is None


def test_headings_broken_across_lines_are_joined():
    lines = normalise(
        "附件：\n\n昌吉回族自治州第二轮中央生态环境保护督察\n\n整改落实情况报告\n正文第一段。"
    ).lines
    assert [line.text for line in lines] == [
        "附件：",
        "昌吉回族自治州第二轮中央生态环境保护督察整改落实情况报告",
        "正文第一段。",
    ]
    assert [line.number for line in lines] == [1, 3, 6]


def test_run_on_text_splits_at_labels():
    text = "一、问题甲。 整改时限：2023年底前 整改进展情况：已完成 1.措施一。 2.措施二。 二、问题乙。整改时限：立行立改"
    assert [line.text for line in normalise(text).lines] == [
        "一、问题甲。",
        "整改时限：2023年底前",
        "整改进展情况：已完成",
        "1.措施一。",
        "2.措施二。",
        "二、问题乙。",
        "整改时限：立行立改",
    ]


def test_decimal_at_a_line_start_is_not_a_measure():
    text = (
        "一、问题。\n整改时限：2023年底前\n整改进展情况：已完成\n1.排放浓度超标\n3.6倍，已整改。\n2.已验收。"
    )
    finding = parse_report(text).findings[0]
    assert [m.number for m in finding.measures] == [1, 2]
    assert finding.measures[0].text == "排放浓度超标3.6倍，已整改。"


def test_unplaced_lines_after_the_date_are_warned():
    report = parse_report(
        "某报告\n一、问题。\n整改时限：2023年底前\n某州人民政府\n2023年12月25日\n抄送：省督察办"
    )
    assert report.date == date(2023, 12, 25)
    assert [(w.line, "抄送" in w.message) for w in report.warnings] == [(6, True)]


def test_missing_deadline_and_broken_numbering_are_warned():
    text = "一、问题甲。\n整改时限：2023年底前\n三、问题乙。\n整改进展情况：已完成"
    report = parse_report(text)
    messages = [w.message for w in report.warnings]
    assert any("未找到整改时限" in m for m in messages)
    assert any("问题编号不连续" in m for m in messages)


def test_date_under_the_title_when_there_is_no_signature():
    text = "关于督察整改进展情况的报告\n（2024年1月10日）\n截至12月底，已完成。\n一、问题。\n整改时限：年底前\n整改进展情况：推进中"
    report = parse_report(text)
    assert report.date == date(2024, 1, 10)
    assert report.as_of == date(2023, 12, 31)  # the last December before the document's date
    assert report.findings[0].deadline.end == date(2024, 12, 31)  # 年底前: the document's year
    assert report.warnings == []


def test_a_label_whose_value_is_on_the_next_line():
    text = "一、问题甲。\n整改时限：\n2024年6月底前\n整改进展情况：\n正在推进\n1.措施。\n二、问题乙。\n整改时限：\n1.措施。"
    first, second = parse_report(text).findings
    assert (first.deadline.end, first.status_code, len(first.measures)) == (
        date(2024, 6, 30),
        "in_progress",
        1,
    )
    assert (second.deadline.kind.value, len(second.measures)) == ("unknown", 1)  # no value: not the measure
