"""Chinese text search by character bigrams (pure rules; ledger/search.py stores and queries them).

A task's searchable text is cut into the overlapping two-character pieces of each run of Chinese
characters (扬尘治理 → 扬尘 尘治 治理), the way CJK search engines index text without a dictionary. A
word of two or more Chinese characters is then found by its bigrams standing next to each other (a
phrase query), which holds exactly when the word occurs in the text, and a full-text index answers that
without reading every task. Anything else in a query (one character, Latin letters, digits) is matched
as a substring of the normalised text instead.
"""

import re
import unicodedata
from dataclasses import dataclass

# CJK Unified Ideographs with Extension A, the compatibility block, and Extensions B–F.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_HAN_WORD = re.compile(f"[{_HAN}]{{2,}}")
RUN_SEPARATOR = "x"


def normalise(text: str) -> str:
    """Full-width to half-width and other compatibility forms (NFKC), lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def bigrams(run: str) -> list[str]:
    """The overlapping two-character pieces of a run of Chinese characters; a lone character stands alone."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_grams(text: str) -> str:
    """What the full-text index holds for `text`: the bigrams of each Chinese run, space-separated.

    Runs are kept apart by a separator token that no query asks for (`x`, Latin): it takes a position,
    so a phrase can never join the last bigram of one run to the first of the next (扬尘，尘土 must
    not match 扬尘土).
    """
    runs = _HAN_RUN.findall(normalise(text))
    return f" {RUN_SEPARATOR} ".join(" ".join(bigrams(run)) for run in runs)


def search_row(texts: list[str]) -> dict[str, str]:
    """A task's search row ({text, grams}) from its texts (fields, then findings), empty ones skipped."""
    text = normalise("\n".join(t for t in texts if t))
    return {"text": text, "grams": index_grams(text)}


@dataclass(frozen=True)
class SearchQuery:
    """A query split into what the index answers and what it cannot. A task matches when it contains
    every word of both."""

    han_words: tuple[str, ...]  # two or more Chinese characters: a phrase of their bigrams in the index
    other_words: tuple[str, ...]  # anything else: a substring of the normalised text

    @property
    def empty(self) -> bool:
        return not self.han_words and not self.other_words


def parse_query(text: str) -> SearchQuery:
    """Split the search box's text on whitespace, normalised as the index is, duplicates dropped."""
    words = list(dict.fromkeys(normalise(text).split()))
    return SearchQuery(
        han_words=tuple(w for w in words if _HAN_WORD.fullmatch(w)),
        other_words=tuple(w for w in words if not _HAN_WORD.fullmatch(w)),
    )
