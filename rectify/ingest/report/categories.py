"""A finding's category (类别) from its text: a keyword table, scored.

Each category has the words that name its problems. A finding scores, per category, every
occurrence of each of its words: HEADING_WEIGHT in the finding's first sentence (where feedback
names the problem: 重污染天气应急打折扣。…), 1 in the rest. The highest score wins; a tie goes to the
higher heading score, then to the earlier category in the table; no word at all: "other".

The codes are FindingCategory's values (rectify.ledger.models; a test holds them equal). To change
how findings are sorted, change the table: the rule stays as it is.
"""

from __future__ import annotations

import re

HEADING_WEIGHT = 3
OTHER = "other"

KEYWORDS: dict[str, tuple[str, ...]] = {
    "political": (
        "思想认识",
        "认识不足",
        "认识不到位",
        "发展理念",
        "政治站位",
        "政治责任",
        "畏难情绪",
        "推诿",
        "担当",
        "责任落实不到位",
    ),
    "rectification": ("督察整改", "整改不严不实", "整改不到位", "敷衍整改", "表面整改", "假装整改", "销号"),
    "petition": ("群众投诉", "投诉", "信访", "举报", "群众反映"),
    "industry": (
        "产业结构",
        "招商",
        "落户",
        "项目准入",
        "去产能",
        "产能置换",
        "落后产能",
        "两高",
        "挖矿",
        "开发区",
    ),
    "energy": ("能效", "节能", "能耗", "能源消费", "煤炭消费", "清洁能源", "可再生能源"),
    "water_resources": ("水资源", "用水", "节水", "水价", "取水", "灌区", "地下水超采"),
    "air": (
        "大气",
        "空气质量",
        "污染天气",
        "烟气",
        "废气",
        "二氧化硫",
        "氮氧化物",
        "颗粒物",
        "扬尘",
        "脱硫",
        "脱硝",
        "除尘",
        "挥发性有机物",
        "VOCs",
        "沥青烟",
        "燃煤锅炉",
        "同防同治",
        "超低排放",
        "工业炉窑",
        "焦炉",
    ),
    "water": ("水污染", "废水", "污水", "黑臭水体", "水质", "排污口", "饮用水水源"),
    "soil_waste": (
        "土壤",
        "固体废物",
        "固废",
        "危险废物",
        "危废",
        "尾矿",
        "垃圾",
        "填埋",
        "渣场",
        "污泥",
        "重金属",
    ),
    "ecology": (
        "生态保护",
        "生态修复",
        "草原",
        "牧草地",
        "草地",
        "湿地",
        "林地",
        "森林",
        "自然保护区",
        "生态流量",
        "生态水量",
        "采砂",
        "矿山",
        "生物多样性",
        "生态保护红线",
        "水土流失",
    ),
}

_FIRST_SENTENCE = re.compile(r"^[^。！？；]*")


def category_scores(text: str) -> dict[str, tuple[int, int]]:
    """Per category with any word in `text`: (score, heading score)."""
    compact = re.sub(r"\s+", "", text or "")
    heading = _FIRST_SENTENCE.match(compact).group()
    rest = compact[len(heading) :]
    scores = {}
    for category, words in KEYWORDS.items():
        in_heading = sum(heading.count(word) for word in words)
        total = HEADING_WEIGHT * in_heading + sum(rest.count(word) for word in words)
        if total:
            scores[category] = (total, in_heading)
    return scores


def finding_category(text: str) -> str:
    """The category code of a finding's text (see the module docstring)."""
    scores = category_scores(text)
    if not scores:
        return OTHER
    order = list(KEYWORDS)
    return max(scores, key=lambda c: (*scores[c], -order.index(c)))
