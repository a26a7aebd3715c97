"""Issuers (落款) to the beginnings of their text that may name a unit (pure)."""

from hypothesis import given
from hypothesis import strategies as st

from rectify.ingest.report.issuers import issuer_body, name_candidates


def test_the_party_prefix_and_spaces_go():
    assert issuer_body("中共昌吉州委") == "昌吉州委"
    assert issuer_body("中国共产党昌吉回族自治州委员会") == "昌吉回族自治州委员会"
    assert issuer_body(" 昌吉州 人民政府 ") == "昌吉州人民政府"
    assert issuer_body("中共　阜康市委") == "阜康市委"  # an ideographic space, as Word pads names


def test_candidates_run_from_the_whole_body_down_to_two_characters():
    assert name_candidates("中共昌吉州委") == ["昌吉州委", "昌吉州", "昌吉"]
    assert name_candidates("中共") == []
    assert name_candidates("") == []


@given(st.text())
def test_any_text_gives_candidates_longest_first(text):
    candidates = name_candidates(text)
    assert [len(c) for c in candidates] == sorted((len(c) for c in candidates), reverse=True)
    assert all(len(c) >= 2 for c in candidates)
