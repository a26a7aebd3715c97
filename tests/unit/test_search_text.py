"""Bigram indexing (ledger/search_text.py): a Chinese word is a phrase of the index exactly when it is a
substring of the text, and nothing raises."""

from hypothesis import given
from hypothesis import strategies as st

from rectify.ledger.search_text import RUN_SEPARATOR, bigrams, index_grams, normalise, parse_query

HAN = "扬尘土治理污水县河石"
text_chars = st.sampled_from(list(HAN + "，。、 ab2.5ＡＢ（）\n"))
han_words = st.text(alphabet=list(HAN), min_size=2, max_size=5)


def phrase_in_index(word: str, grams: str) -> bool:
    """What the full-text index's phrase query answers: the word's bigrams stand next to each other."""
    tokens, phrase = grams.split(" "), bigrams(word)
    return any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


@given(text=st.text(alphabet=text_chars, max_size=60), word=han_words)
def test_a_phrase_matches_exactly_when_the_word_occurs(text, word):
    assert phrase_in_index(word, index_grams(text)) == (word in normalise(text))


@given(st.text())
def test_any_text_indexes_and_parses(text):
    assert isinstance(index_grams(text), str)
    query = parse_query(text)
    assert all(len(w) >= 2 for w in query.han_words)


def test_the_pieces():
    assert index_grams("扬尘治理，PM2.5达标。县") == f"扬尘 尘治 治理 {RUN_SEPARATOR} 达标 {RUN_SEPARATOR} 县"
    assert index_grams("扬尘，尘土") == f"扬尘 {RUN_SEPARATOR} 尘土"
    assert not phrase_in_index("扬尘土", index_grams("扬尘，尘土"))  # no phrase across punctuation
    query = parse_query("  扬尘　ＰＭ2.5 尘 扬尘 ")
    assert query.han_words == ("扬尘",)
    assert query.other_words == ("pm2.5", "尘")  # full-width folded, one character and Latin as substrings
    assert parse_query("   ").empty
