"""The deadline parser: every phrasing we know, the seed's own deadlines, and properties on random text."""

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectify.ledger.deadlines import Deadline, DeadlineKind, Milestone, parse_deadline

K = DeadlineKind
D = date
REF = date(2023, 10, 31)  # the reference date (the report's "截至10月底")
SEED = Path(__file__).resolve().parents[3] / "shared/seeds/changji-2023-rectification-report.txt"
DICT_KEYS = {"raw", "kind", "start", "end", "milestones", "ongoing"}
JUN23, END23, JUN24 = D(2023, 6, 30), D(2023, 12, 31), D(2024, 6, 30)
END24, END25 = D(2024, 12, 31), D(2025, 12, 31)

# (text, reference, kind, start, end, milestone dates, ongoing)
CASES = [
    # a date, a month end, a year end
    ("2023年底前", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2024年6月底", None, K.DATE, None, D(2024, 6, 30), (), False),
    ("2024年6月底前", None, K.DATE, None, D(2024, 6, 30), (), False),
    ("2021年9月", None, K.DATE, None, D(2021, 9, 30), (), False),
    ("2024年2月", None, K.DATE, None, D(2024, 2, 29), (), False),
    ("2023年10月底前", None, K.DATE, None, D(2023, 10, 31), (), False),
    ("2023年6月中旬", None, K.DATE, None, D(2023, 6, 20), (), False),
    ("2023年12月31日前", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年12月31日", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年9月15号", None, K.DATE, None, D(2023, 9, 15), (), False),
    ("2023.12.31", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023-12-31", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023/12/31", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年上半年", None, K.DATE, None, D(2023, 6, 30), (), False),
    ("2023年下半年", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年第三季度", None, K.DATE, None, D(2023, 9, 30), (), False),
    ("2023年三季度", None, K.DATE, None, D(2023, 9, 30), (), False),
    ("2023年第1季度", None, K.DATE, None, D(2023, 3, 31), (), False),
    ("2023年年底", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年末", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年内", None, K.DATE, None, D(2023, 12, 31), (), False),
    # ranges
    ("2020年6月至2021年12月", None, K.RANGE, D(2020, 6, 1), D(2021, 12, 31), (), False),
    ("2020年6月—2021年12月", None, K.RANGE, D(2020, 6, 1), D(2021, 12, 31), (), False),
    ("2022年-2025年", None, K.RANGE, D(2022, 1, 1), D(2025, 12, 31), (), False),
    ("2022—2025年", None, K.RANGE, D(2022, 1, 1), D(2025, 12, 31), (), False),
    ("2023年6月至12月", None, K.RANGE, D(2023, 6, 1), D(2023, 12, 31), (), False),
    ("2022年3月25日至4月25日", None, K.RANGE, D(2022, 3, 25), D(2022, 4, 25), (), False),
    ("2023.6-2024.6", None, K.RANGE, D(2023, 6, 1), D(2024, 6, 30), (), False),
    # staged milestones in one sentence: full-width and half-width separators
    ("2023年底前完成主体工程，2025年底前全部完成", None, K.STAGED, None, END25, (END23, END25), False),
    ("2023年底前完成主体工程,2025年底前全部完成", None, K.STAGED, None, END25, (END23, END25), False),
    ("2023年底前完成主体工程；2025年底前全部完成", None, K.STAGED, None, END25, (END23, END25), False),
    ("2025年底前全部完成，2023年底前完成主体工程", None, K.STAGED, None, END25, (END23, END25), False),
    (
        "2023年6月底前设计;2023年底前改造;2024年6月底前验收",
        None,
        K.STAGED,
        None,
        JUN24,
        (JUN23, END23, JUN24),
        False,
    ),
    # no date
    ("立行立改", None, K.IMMEDIATE, None, None, (), False),
    ("立行立改，长期坚持", None, K.IMMEDIATE_ONGOING, None, None, (), True),
    ("立行立改、长期坚持", None, K.IMMEDIATE_ONGOING, None, None, (), True),
    ("立行立改,长期坚持", None, K.IMMEDIATE_ONGOING, None, None, (), True),
    ("立行立改 长期坚持", None, K.IMMEDIATE_ONGOING, None, None, (), True),
    ("长期坚持", None, K.ONGOING, None, None, (), True),
    ("长期", None, K.ONGOING, None, None, (), True),
    ("分阶段推进", None, K.PHASED, None, None, (), False),
    # relative to the document's date
    ("今年底前", REF, K.RELATIVE, None, D(2023, 12, 31), (), False),
    ("今年年底前", REF, K.RELATIVE, None, D(2023, 12, 31), (), False),
    ("年底前", REF, K.RELATIVE, None, D(2023, 12, 31), (), False),
    ("今年6月底前", REF, K.RELATIVE, None, D(2023, 6, 30), (), False),
    ("明年6月底前", REF, K.RELATIVE, None, D(2024, 6, 30), (), False),
    ("年内", REF, K.RELATIVE, None, D(2023, 12, 31), (), False),
    ("本年度内", REF, K.RELATIVE, None, D(2023, 12, 31), (), False),
    ("今年底前完成一期，明年底前完成二期", REF, K.RELATIVE, None, END24, (END23, END24), False),
    ("今年底前", None, K.RELATIVE, None, None, (), False),
    ("年底前", None, K.RELATIVE, None, None, (), False),
    ("今年6月底前", None, K.RELATIVE, None, None, (), False),
    ("明年6月底前", None, K.RELATIVE, None, None, (), False),
    ("年内", None, K.RELATIVE, None, None, (), False),
    # a date and 长期坚持: the date is the due date, ongoing says it continues
    ("2023年底前完成，长期坚持", None, K.DATE, None, D(2023, 12, 31), (), True),
    ("立行立改，2023年底前完成", None, K.DATE, None, D(2023, 12, 31), (), False),
    # full-width forms, labels, whitespace, Chinese numerals
    ("２０２３年６月底前", None, K.DATE, None, D(2023, 6, 30), (), False),
    ("（２０２３年６月底前）", None, K.DATE, None, D(2023, 6, 30), (), False),
    ("２０２３．１２．３１", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("整改时限：2023年底前", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("整改时限:2024年6月底", None, K.DATE, None, D(2024, 6, 30), (), False),
    ("  整改时限： 立行立改，长期坚持 \n", None, K.IMMEDIATE_ONGOING, None, None, (), True),
    ("\t2023 年 10 月底前\u3000", None, K.DATE, None, D(2023, 10, 31), (), False),
    ("二〇二三年十二月底前", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("二○二三年三月", None, K.DATE, None, D(2023, 3, 31), (), False),
    ("2023年十二月底", None, K.DATE, None, D(2023, 12, 31), (), False),
    ("2023年十二月三十一日", None, K.DATE, None, D(2023, 12, 31), (), False),
    # impossible or unrecognised
    ("2023年13月", None, K.UNKNOWN, None, None, (), False),
    ("2023年2月30日", None, K.UNKNOWN, None, None, (), False),
    ("2023-02-30", None, K.UNKNOWN, None, None, (), False),
    ("2023年十三月", None, K.UNKNOWN, None, None, (), False),
    ("2025年至2023年", None, K.UNKNOWN, None, None, (), False),  # a reversed range
    ("三年内完成", REF, K.UNKNOWN, None, None, (), False),  # "within three years", not "this year"
    ("每年底前报送", REF, K.UNKNOWN, None, None, (), False),  # "before every year end"
    ("尽快", None, K.UNKNOWN, None, None, (), False),
    ("", None, K.UNKNOWN, None, None, (), False),
]


@pytest.mark.parametrize(("text", "reference", "kind", "start", "end", "milestone_dates", "ongoing"), CASES)
def test_phrasing(
    text: str,
    reference: date | None,
    kind: DeadlineKind,
    start: date | None,
    end: date | None,
    milestone_dates: tuple[date, ...],
    ongoing: bool,
) -> None:
    deadline = parse_deadline(text, reference=reference)
    assert deadline.raw == text
    assert (deadline.kind, deadline.start, deadline.end) == (kind, start, end)
    assert tuple(m.date for m in deadline.milestones) == milestone_dates
    assert deadline.ongoing is ongoing


def test_staged_milestone_texts_are_the_clauses() -> None:
    deadline = parse_deadline("整改时限：2023年底前完成主体工程；２０２５年底前全部完成。")
    assert deadline.milestones == (
        Milestone(D(2023, 12, 31), "2023年底前完成主体工程"),
        Milestone(D(2025, 12, 31), "2025年底前全部完成"),
    )


def test_relative_milestone_texts_keep_the_words_of_the_document() -> None:
    deadline = parse_deadline("今年底前完成主体工程，明年底前全部完成", reference=REF)
    assert [m.text for m in deadline.milestones] == ["今年底前完成主体工程", "明年底前全部完成"]


def test_none_gives_an_empty_unknown() -> None:
    assert parse_deadline(None) == Deadline(raw="", kind=DeadlineKind.UNKNOWN)


def test_to_dict() -> None:
    deadline = parse_deadline("2023年底前完成主体工程，2025年底前全部完成，长期坚持")
    assert deadline.to_dict() == {
        "raw": "2023年底前完成主体工程，2025年底前全部完成，长期坚持",
        "kind": "staged",
        "start": None,
        "end": "2025-12-31",
        "milestones": [
            {"date": "2023-12-31", "text": "2023年底前完成主体工程"},
            {"date": "2025-12-31", "text": "2025年底前全部完成"},
        ],
        "ongoing": True,
    }
    assert parse_deadline("2020年6月至2021年12月").to_dict()["start"] == "2020-06-01"


# -- the seed's deadlines ------------------------------------------------------------------------


def test_every_deadline_in_the_seed_is_understood() -> None:
    if not SEED.exists():
        reason = f"seed file not found at {SEED}: the shared/ directory is not beside the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    phrasings = sorted({line.strip() for line in lines if line.strip().startswith("整改时限")})
    assert len(phrasings) >= 5, "the seed should state its deadlines as 整改时限：…"
    not_understood = [text for text in phrasings if parse_deadline(text, reference=REF).kind == K.UNKNOWN]
    assert not_understood == []
    # Without a reference date too: none of them is relative.
    assert all(parse_deadline(text).kind not in (K.UNKNOWN, K.RELATIVE) for text in phrasings)


# -- properties ----------------------------------------------------------------------------------


def check_invariants(deadline: Deadline, text: str) -> None:
    """What holds for every parse, whatever the text."""
    assert deadline.raw == text
    as_dict = deadline.to_dict()
    assert set(as_dict) == DICT_KEYS
    assert json.loads(json.dumps(as_dict, ensure_ascii=False)) == as_dict
    if deadline.start is not None and deadline.end is not None:
        assert deadline.start <= deadline.end
    if deadline.kind == K.RANGE:
        assert deadline.start is not None and deadline.end is not None
    if deadline.kind in (K.DATE, K.STAGED):
        assert deadline.end is not None
    if deadline.kind == K.STAGED:
        dates = [m.date for m in deadline.milestones]
        assert len(dates) >= 2 and dates == sorted(dates) and deadline.end == dates[-1]
    if deadline.kind in (K.IMMEDIATE, K.IMMEDIATE_ONGOING, K.ONGOING, K.PHASED, K.UNKNOWN):
        assert (deadline.start, deadline.end, deadline.milestones) == (None, None, ())


NUMBERS = ["2023", "20", "12", "２０２３", "十二", "十三", "三十一", "二〇二三", "○", "三", *"0123456789"]
UNITS = [
    "年",
    "月",
    "日",
    "号",
    "底",
    "前",
    "末",
    "内",
    "上半年",
    "下半年",
    "第三季度",
    "三季度",
    "上旬",
    "中旬",
]
JOINERS = ["至", "到", "-", "—", "~", ".", "/", "，", ",", "；", ";", "、", "。", "（", "）", "：", " "]
WORDS = ["立行立改", "长期坚持", "长期", "分阶段推进", "今年", "明年", "本年", "每", "完成", "整改时限："]
FRAGMENTS = st.sampled_from(NUMBERS + UNITS + JOINERS + WORDS)
MIXES = st.lists(FRAGMENTS, max_size=14).map("".join)
REFERENCES = st.none() | st.dates()


@settings(max_examples=300)
@given(text=st.text(), reference=REFERENCES)
def test_random_text_never_raises(text: str, reference: date | None) -> None:
    check_invariants(parse_deadline(text, reference=reference), text)


@settings(max_examples=500)
@given(text=MIXES, reference=REFERENCES)
def test_random_deadline_fragments_never_raise(text: str, reference: date | None) -> None:
    check_invariants(parse_deadline(text, reference=reference), text)


@given(day=st.dates(min_value=D(1000, 1, 1)))
def test_any_written_date_reads_back(day: date) -> None:
    written = (
        f"{day.year}年{day.month}月{day.day}日前",
        f"{day:%Y.%m.%d}",
        f"{day:%Y-%m-%d}",
        f"{day:%Y/%m/%d}",
    )
    for text in written:
        deadline = parse_deadline(text)
        assert (deadline.kind, deadline.end) == (K.DATE, day), text
    full_width = f"{day:%Y年%m月%d日}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_deadline(full_width).end == day


@given(day=st.dates(min_value=D(1000, 1, 1)))
def test_any_month_end_reads_back(day: date) -> None:
    deadline = parse_deadline(f"整改时限：{day.year}年{day.month}月底前")
    assert deadline.end is not None
    assert (deadline.end.year, deadline.end.month) == (day.year, day.month)
    assert deadline.end.day >= 28 and deadline.end.day >= day.day


@given(first=st.dates(min_value=D(1000, 1, 1)), second=st.dates(min_value=D(1000, 1, 1)))
def test_ranges_are_ordered_or_unknown(first: date, second: date) -> None:
    deadline = parse_deadline(f"{first.year}年{first.month}月至{second.year}年{second.month}月")
    if (first.year, first.month) <= (second.year, second.month):
        assert deadline.kind == K.RANGE
        assert deadline.start == first.replace(day=1)
    else:
        assert deadline.kind == K.UNKNOWN
