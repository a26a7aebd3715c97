"""The inspection as a report's opening states it: team, stay, feedback date, round, kind (issue 8, 1.6)."""

from datetime import date

import pytest

from ingest_helpers import seed_text
from rectify.ingest.report import parse_report, report_to_dict

SEED_OPENING = (
    "2022年3月25日至4月25日，中央第五生态环境保护督察组进驻新疆维吾尔自治区，开展了第二轮生态环境保护督察。"
    "2022年6月1日，督察组向自治区反馈了督察报告。"
)


def report_opening(opening: str, title: str = "某州第二轮中央生态环境保护督察整改落实情况报告") -> str:
    return f"""{title}
{opening}截至目前，督察反馈的2项整改任务已完成1项。
一、督察发现，焦化企业烟气长期超标排放。
整改时限：2026年底前
整改进展情况：正在持续推进
1.制定焦化企业烟气治理方案。
某州人民政府
2023年12月25日
"""


def test_the_seed_states_team_stay_feedback_round_and_kind():
    facts = parse_report(seed_text()).inspection
    assert facts.team == "中央第五生态环境保护督察组"
    assert (facts.stay_start, facts.stay_end) == (date(2022, 3, 25), date(2022, 4, 25))
    assert facts.feedback_on == date(2022, 6, 1)
    assert facts.round_number == 2
    assert facts.kind == "central"
    assert facts.lines == (6,)  # the opening paragraph, line 6 of the seed


def test_the_json_carries_the_facts():
    data = report_to_dict(parse_report(seed_text()))
    assert data["inspection"]["stay_start"] == "2022-03-25"
    assert data["inspection"]["feedback_on"] == "2022-06-01"


@pytest.mark.parametrize(
    ("opening", "stay", "feedback"),
    [
        (SEED_OPENING, (date(2022, 3, 25), date(2022, 4, 25)), date(2022, 6, 1)),
        (  # Chinese numerals, an em dash, 入驻, feedback in the same sentence without its year
            "中央第五生态环境保护督察组于二〇二二年三月二十五日—四月二十五日入驻新疆，并于六月一日反馈督察意见。",
            (date(2022, 3, 25), date(2022, 4, 25)),
            date(2022, 6, 1),
        ),
        (  # both years written, a hyphen, 反馈督察意见 in its own sentence
            "2022年3月25日-2022年4月25日，中央第五生态环境保护督察组进驻新疆。2022年6月1日，督察组反馈督察意见。",
            (date(2022, 3, 25), date(2022, 4, 25)),
            date(2022, 6, 1),
        ),
        (  # 到, and the feedback date after the word
            "2022年3月25日到4月25日，中央第五生态环境保护督察组对新疆开展督察。反馈时间为2022年6月1日。",
            (date(2022, 3, 25), date(2022, 4, 25)),
            date(2022, 6, 1),
        ),
    ],
    ids=["seed", "chinese-numerals-dash-inline", "hyphen-full-years", "dao-feedback-after"],
)
def test_phrasings_of_the_stay_and_the_feedback(opening, stay, feedback):
    facts = parse_report(report_opening(opening)).inspection
    assert (facts.stay_start, facts.stay_end) == stay
    assert facts.feedback_on == feedback
    assert facts.team == "中央第五生态环境保护督察组"


@pytest.mark.parametrize(
    ("title", "opening", "team", "round_number", "kind"),
    [
        (
            "某州第2轮中央生态环境保护督察整改落实情况报告",
            "中央生态环境保护第三督察组进驻我区开展督察。",
            "中央生态环境保护第三督察组",
            2,
            "central",
        ),
        (
            "某县关于自治区第一轮生态环境保护督察整改情况的报告",
            "2023年5月8日至6月8日，自治区第二生态环境保护督察组对我县开展了督察。",
            "自治区第二生态环境保护督察组",
            1,
            "provincial",
        ),
        (
            "某州中央生态环境保护督察“回头看”整改落实情况报告",
            "中央第一生态环境保护督察组进驻我区开展督察“回头看”。",
            "中央第一生态环境保护督察组",
            None,
            "look_back",
        ),
    ],
    ids=["central-team-number-after", "provincial", "look-back"],
)
def test_team_round_and_kind(title, opening, team, round_number, kind):
    facts = parse_report(report_opening(opening, title)).inspection
    assert (facts.team, facts.round_number, facts.kind) == (team, round_number, kind)


def test_nothing_is_guessed_when_the_opening_says_nothing():
    facts = parse_report(report_opening("我州高度重视督察整改工作。", "某州整改落实情况报告")).inspection
    assert facts.is_empty()


def test_a_range_that_runs_backwards_is_not_a_stay():
    opening = "2022年4月25日至3月25日，中央第五生态环境保护督察组进驻新疆。"
    facts = parse_report(report_opening(opening)).inspection
    assert (facts.stay_start, facts.stay_end) == (None, None)


def test_the_body_does_not_lend_its_facts_to_the_opening():
    # the seed's body names 第一轮中央环境保护督察; only the title and the opening count
    text = report_opening("我州高度重视督察整改工作。", "某州整改落实情况报告").replace(
        "1.制定焦化企业烟气治理方案。", "1.对第一轮中央环境保护督察交办的信访件进行回头看。"
    )
    assert parse_report(text).inspection.round_number is None
