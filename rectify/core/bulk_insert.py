"""Inserting many rows quickly: one prepared INSERT, executed over batches of plain tuples.

Model instances and the ORM's insert compiler cost tens of microseconds per value; an import of a
whole ledger writes hundreds of thousands of values. Values still go through each field's own
`get_db_prep_save`, so dates, JSON and the rest are stored exactly as the ORM would store them,
on SQLite and PostgreSQL alike. Callers validate rows first (`check_row`) and write audit events.
"""

from collections.abc import Iterable, Sequence
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models

BATCH = 2000
COPY_BATCH = 10_000


def _batches(rows: Iterable, size: int):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _left_out(model: type[models.Model], columns: Sequence[str]) -> list[tuple[str, object]]:
    """The fields a caller did not list, with the value `create()` would give them (their default, or ""
    for text): so that a field added to a model later never reaches the table as NULL."""
    listed = set(columns)
    left_out = []
    for f in model._meta.concrete_fields:
        if f.name in listed or f.attname in listed or f.primary_key or f.null or f.has_db_default():
            continue
        value = f.get_default()  # a callable default is called once for all the rows
        if value is not None:
            left_out.append((f.name, value))
    return left_out


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT `rows` (tuples in the order of `columns`, field names) into `model`'s table; returns the count.
    Fields not listed get what `create()` would give them (`_left_out`)."""
    width = len(columns)
    left_out = _left_out(model, columns)
    if left_out:
        defaults = tuple(value for _, value in left_out)
        columns = [*columns, *(name for name, _ in left_out)]

        def with_defaults(row):
            if len(row) != width:
                raise ValueError(f"{len(row)} values for {width} columns")
            return (*row, *defaults)

        rows = map(with_defaults, rows)
    fields = [model._meta.get_field(name) for name in columns]
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the `connection` proxy costs a lookup per use
    quote = db.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    prepare = [_preparer(f, db) for f in fields]
    special = [(i, p) for i, p in enumerate(prepare) if p is not _as_is]

    def prepared(row):
        if len(row) != len(fields):
            raise ValueError(f"{len(row)} values for {len(fields)} columns")
        if not special:
            return row
        row = list(row)
        for i, p in special:
            row[i] = p(row[i])
        return row

    count = 0
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # COPY: the rows go to the server as data. A multi-row INSERT of thousands of placeholders
            # made psycopg split the whole statement's text again for every batch (seconds for a
            # round's 66,667 lines); a row per statement pays a round trip each. Each batch is read
            # from `rows` before its COPY starts: a generator may query the database, which must not
            # happen on this connection while a COPY is open (it would wait for the COPY for ever).
            for chunk in _batches(rows, COPY_BATCH):
                values = [prepared(row) for row in chunk]
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
                count += len(values)
            return count
        # SQLite runs executemany in-process, one prepared statement.
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        for chunk in _batches(rows, BATCH):
            cursor.executemany(sql, [tuple(prepared(row)) for row in chunk])
            count += len(chunk)
    return count


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """UPDATE rows of `model` by primary key: each row is (pk, *values in the order of `columns`).

    One prepared statement executed over the rows (SQLite in-process; psycopg pipelines it), values
    prepared as `insert_rows` prepares them (the caller passes ids for keys). Returns the count."""
    fields = [model._meta.get_field(name) for name in columns]
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    prepare = [_preparer(f, db) for f in fields]
    count = 0
    with db.cursor() as cursor:
        for chunk in _batches(rows, BATCH):
            cursor.executemany(
                sql, [(*(p(v) for p, v in zip(prepare, row[1:], strict=True)), row[0]) for row in chunk]
            )
            count += len(chunk)
    return count


# Plain Python values these fields store as they are on both databases (the caller passes ids for keys).
_AS_IS = {
    "CharField",
    "TextField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "BooleanField",
    "ForeignKey",
    "AutoField",
    "BigAutoField",
}


def _as_is(value):
    return value


def _preparer(field, db):
    if field.get_internal_type() in _AS_IS:
        return _as_is
    if field.get_internal_type() == "JSONField":  # None is JSON null there, not SQL NULL
        return lambda value: field.get_db_prep_save(value, db)
    # other fields store None as NULL: no call for the empty values of many rows
    return lambda value: None if value is None else field.get_db_prep_save(value, db)


def check_row(model: type[models.Model], values: dict, where: str = "") -> None:
    """The checks a field makes of its own value (required, length, choices, range), without queries."""
    problems = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            continue
        if value in (None, ""):
            if not (field.blank or field.has_default()):
                problems.append(f"{field.verbose_name}：这个字段是必填项。")
            continue
        try:
            field.clean(value, None)
        except ValidationError as error:
            problems.append(f"{field.verbose_name}：{'，'.join(error.messages)}")
    if problems:
        raise ValidationError(f"{where}{'；'.join(problems)}")
