"""Task titles and finding categories read from a finding's text (issue 8, 1.6), on the seed's 18 findings."""

import re
from collections import Counter

import pytest

from ingest_helpers import seed_text
from rectify.ingest.report import parse_report
from rectify.ingest.report.categories import KEYWORDS, OTHER, finding_category
from rectify.ingest.report.titles import TITLE_LENGTH, task_title
from rectify.ingest.report_draft import draft_from_report
from rectify.ledger.models import FindingCategory, Task

FRAMING = re.compile(r"^(?:督察发现|督察指出|反馈指出|督察组指出|经查|国家明确要求)")
# The category each seed finding belongs to, judged by reading it (see the report of issue 8).
SEED_CATEGORIES = [
    "political",  # 一 思想认识有偏差
    "industry",  # 二 开发区招商落户“挖矿”企业
    "ecology",  # 三 开垦天然牧草地
    "energy",  # 四 新上高耗能项目能效、节能审查
    "industry",  # 五 钢铁去产能
    "water_resources",  # 六 水资源使用量数据不实
    "water_resources",  # 七 水资源费、水价
    "rectification",  # 八 督察整改不严不实
    "petition",  # 九 群众投诉
    "air",  # 十 区域大气污染同防同治
    "air",  # 十一 焦炉烟气超标
    "air",  # 十二 工业炉窑大气污染综合治理
    "air",  # 十三 重污染天气应急
    "air",  # 十四 重度以上污染天气
    "ecology",  # 十五 生态保护与修复、侵占草原
    "ecology",  # 十六 违法占用草原
    "ecology",  # 十七 河湖生态流量
    "water_resources",  # 十八 农业节水
]


@pytest.fixture(scope="module")
def draft():
    return draft_from_report(parse_report(seed_text()), source="seed.txt")


def test_no_seed_title_is_a_fragment(draft):
    titles = [task.title for task in draft.tasks]
    for title, finding in zip(titles, draft.findings, strict=True):
        assert len(title) >= 6, title
        assert not FRAMING.match(title), title
        assert not re.match(r"^[\d年月日至以来末“”十三五\s]+$", title), title  # not a bare time phrase
        assert title[-1] not in "，。；：、", title
        assert title.rstrip("…") in re.sub(r"\s+", "", finding.text), title  # words of the finding
    assert "督察发现" not in titles


def test_seed_titles_are_unique_and_fit(draft):
    titles = [task.title for task in draft.tasks]
    assert len(set(titles)) == len(titles) == 18
    limit = Task._meta.get_field("title").max_length
    assert all(len(t) <= min(TITLE_LENGTH, limit) for t in titles)


def test_seed_titles_name_the_problem(draft):
    titles = {f.label: t.title for f, t in zip(draft.findings, draft.tasks, strict=True)}
    assert titles["一"] == "思想认识有偏差"  # the heading sentence
    assert titles["二"] == "2018年以来园区招商落户6家违法高耗能虚拟货币“挖矿”企业"  # after 督察发现
    assert titles["四"].startswith("自治区发展改革委2021年12月")  # the breach, not 国家明确要求
    assert titles["六"] == "自治区一些地方上报国家有关部门的水资源使用量数据不实"  # no “十三五”末
    assert titles["十四"] == "“乌—昌—石”区域4市州同时出现连续9天重度以上污染天气，未采取有力措施应对"


def test_an_over_long_clause_is_cut_at_a_word_with_an_ellipsis():
    clause = "自治区发展改革委为伊犁闽陶陶瓷等公司" * 5
    title = task_title(clause + "。")
    assert len(title) <= TITLE_LENGTH and title.endswith("…")
    assert clause.startswith(title[:-1])


def test_seed_categories_as_judged(draft):
    assert [f.category for f in draft.findings] == SEED_CATEGORIES
    assert Counter(SEED_CATEGORIES) == {
        "air": 5,
        "ecology": 4,
        "water_resources": 3,
        "industry": 2,
        "political": 1,
        "energy": 1,
        "rectification": 1,
        "petition": 1,
    }


def test_the_keyword_table_uses_the_ledgers_categories():
    assert set(KEYWORDS) | {OTHER} <= set(FindingCategory.values)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("某县生活垃圾填埋场渗滤液处理不到位。", "soil_waste"),
        ("某工业园区污水处理厂超标排放，黑臭水体反弹。", "water"),
        ("部分地方工作滞后。", OTHER),
        # the heading outweighs a word in passing: 节水 named in the heading beats 水污染 in the body
        ("农业节水存在短板。水污染防治行动计划要求灌区完成改造。", "water_resources"),
    ],
)
def test_the_rule_on_small_texts(text, category):
    assert finding_category(text) == category
