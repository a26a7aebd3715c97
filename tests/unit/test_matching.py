"""Which ledger finding a notice's row is about: 省序号, 市序号, 序号 (checked against its words),
then the words alone; otherwise none."""

import pytest

from rectify.ingest.matching import LedgerFinding, Named, core_words, match_finding, overlap

LEDGER = [
    LedgerFinding(1, "督察发现，焦化企业烟气长期超标排放，环境问题突出。", provincial_seq=5),
    LedgerFinding(2, "部分县市用水统计数据不实，取水口计量设施不全。", city_seq=9),
    LedgerFinding(3, "石河县工业固体废物堆存场所防扬散措施不到位。"),
]


def test_provincial_then_city_number():
    assert match_finding(Named(None, "", provincial_seq=5), LEDGER).number == 1
    assert match_finding(Named(None, "", city_seq=9), LEDGER).how == "市序号"
    assert match_finding(Named(3, "", provincial_seq=5), LEDGER).number == 1  # 省序号 wins over 序号


def test_a_number_with_no_words_is_taken_as_it_is():
    assert (match_finding(Named(3, ""), LEDGER).number, match_finding(Named(3, ""), LEDGER).how) == (
        3,
        "序号",
    )


def test_a_number_whose_words_belong_to_another_finding_goes_by_the_words():
    found = match_finding(Named(1, "关于“石河县工业固体废物堆存场所防扬散措施不到位”的问题"), LEDGER)
    assert (found.number, found.how) == (3, "文字")


def test_the_words_alone():
    found = match_finding(Named(None, "焦化企业烟气长期超标排放问题"), LEDGER)
    assert (found.number, found.how) == (1, "文字") and found.score >= 0.6


@pytest.mark.parametrize("text", ["某地某问题", "", "生态环境", "abc 123"])
def test_words_that_match_nothing_match_nothing(text):
    assert match_finding(Named(None, text), LEDGER) is None


def test_a_known_number_with_words_of_no_finding_matches_nothing():
    assert match_finding(Named(2, "关于“某河段采砂管理混乱”的问题"), LEDGER) is None


def test_an_unknown_number_with_unknown_words_matches_nothing():
    assert match_finding(Named(42, "某地某问题尚未整改"), LEDGER) is None
    assert match_finding(Named(None, "", provincial_seq=77), LEDGER) is None


def test_overlap_and_core_words():
    assert core_words("关于“河道采砂”的问题") == "河道采砂"
    assert overlap("河道采砂", "督察发现河道采砂管理混乱") == 1.0
    assert overlap("河道采砂", "") == 0.0
    assert 0 < overlap("河道采砂管理", "河道整治") < 1
