"""The ledger's text search: one row of searchable text per task (`TaskSearch`), kept by the services,
and a full-text index on its Chinese bigrams (search_text.py explains them).

The index is SQLite's FTS5 (a virtual table fed by triggers) or PostgreSQL's GIN over a stored tsvector
column (`grams_vector`, generated from `grams`), both made by migration 0006. A query's Chinese words (two characters or more) are phrase queries on that
index; its other words are substrings of the normalised text. Where SQLite lacks FTS5 every word is a
substring: slower on a national ledger, same answers.
"""

from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from rectify.ledger.models import Task, TaskSearch
from rectify.ledger.search_text import bigrams, parse_query, search_row

FTS_TABLE = "ledger_tasksearch_fts"
TASK_TEXT_FIELDS = ("title", "target", "progress_text", "progress_detail", "responsible_person")


def search_refresh(tasks: QuerySet[Task], *, lock: bool = True) -> None:
    """Rebuild the search rows of `tasks` from their fields and their findings' text.

    The tasks are locked first (in pk order) and read after: two changes touching the same task (a task
    edit and an edit of one of its findings) then rebuild its row one after the other, each from what
    the other committed. `lock=False` for rows created in the caller's own transaction.
    """
    if lock:
        list(tasks.select_for_update().order_by("pk").values_list("pk"))
    parts: dict[int, list[str]] = {
        pk: list(values) for pk, *values in tasks.values_list("pk", *TASK_TEXT_FIELDS)
    }
    links = Task.findings.through.objects.filter(task__in=tasks.values("pk"))
    for task_id, finding_text in links.order_by("task_id", "finding__number").values_list(
        "task_id", "finding__text"
    ):
        parts[task_id].append(finding_text)
    TaskSearch.objects.filter(task__in=tasks.values("pk")).delete()
    rows = [TaskSearch(task_id=pk, **search_row(t)) for pk, t in parts.items()]
    TaskSearch.objects.bulk_create(rows, batch_size=2000)


@cache
def _sqlite_has_index() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def _indexed_q(words: tuple[str, ...]) -> Q | None:
    """Tasks containing every Chinese word, answered through the full-text index; None without one.

    SQLite: each word a phrase of its bigrams in FTS5. PostgreSQL: the GIN index finds the rows holding
    all the bigrams (exact, so no row's tsvector is read again), and the word is then checked as a
    substring of the row's text (a phrase query would recheck every candidate's tsvector: 4× slower).
    """
    if connection.vendor == "postgresql":
        sql = "SELECT task_id FROM ledger_tasksearch WHERE grams_vector @@ to_tsquery('simple', %s)"
        params = [" & ".join(dict.fromkeys(gram for word in words for gram in bigrams(word)))]
        for word in words:  # Chinese characters only: nothing LIKE would read as a wildcard
            sql += " AND text LIKE %s"
            params.append(f"%{word}%")
        return Q(pk__in=RawSQL(sql, params))
    if connection.vendor == "sqlite" and _sqlite_has_index():
        query = " AND ".join(f'"{" ".join(bigrams(word))}"' for word in words)
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query]))
    return None


def search_matches(text: str) -> Q:
    """Q on tasks containing every word of the search box's `text` (whitespace separates words)."""
    query = parse_query(text)
    q, substrings = Q(), list(query.other_words)
    if query.han_words:
        indexed = _indexed_q(query.han_words)
        if indexed is None:
            substrings += query.han_words
        else:
            q &= indexed
    for word in substrings:
        q &= Q(pk__in=TaskSearch.objects.filter(text__contains=word).values("task_id"))
    return q
