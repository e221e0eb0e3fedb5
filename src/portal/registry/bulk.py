"""Set-based writes of many rows: one INSERT, one UPDATE and one DELETE statement per table.

Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` per column over every row
(its cost grows with rows × columns, in Python and in the database) and ``bulk_create`` splits
its INSERT into batches of 999 parameters on SQLite. These helpers write one statement per
chunk of ``max_params()`` parameters, which on both databases is far above the rows of the
largest institution, so the number of statements stays the same whatever the size:

- ``rows_insert``: ``INSERT … VALUES (…), (…) RETURNING id`` (sets each object's pk);
- ``rows_update``: ``WITH v(…) AS (VALUES (…), (…)) UPDATE t SET c = v.c FROM v WHERE t.id = v.id``
  (``UPDATE … FROM`` is PostgreSQL and SQLite ≥ 3.33);
- ``rows_delete``: ``DELETE … WHERE id IN (…)``.

Values go through each field's ``get_db_prep_save``, as Django's own writes do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_LIMIT_VARIABLE_NUMBER = 9


def max_params() -> int:
    """Parameters one statement may carry on this connection."""
    connection = _db()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw: Any = connection.connection
        return int(raw.getlimit(SQLITE_LIMIT_VARIABLE_NUMBER))
    return 65535  # PostgreSQL's wire protocol: a 16-bit parameter count


def _chunks(items: Sequence, width: int) -> Iterator[Sequence]:
    size = max(1, max_params() // max(1, width))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _fields(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    meta = model._meta
    return [meta.get_field(name) for name in names]  # type: ignore[misc]


def _column(field: models.Field) -> str:
    return str(field.column)


def _db() -> BaseDatabaseWrapper:
    """This thread's connection (not the ``django.db.connection`` proxy: it is looked up once)."""
    return connections[DEFAULT_DB_ALIAS]


def rows_insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert ``objs`` (every column but the generated key) and set their primary keys."""
    if not objs:
        return
    connection = _db()
    meta = model._meta
    columns = [f for f in meta.concrete_fields if f is not meta.pk]
    for obj in objs:  # auto_now(_add) and other pre-save values, as Model.save would set them
        for f in columns:
            setattr(obj, f.attname, f.pre_save(obj, add=True))
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for chunk in _chunks(objs, len(columns)):
            sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(_column(f)) for f in columns)}) "
                   f"VALUES {', '.join([row] * len(chunk))} RETURNING {quote(_column(meta.pk))}")
            cursor.execute(sql, [f.get_db_prep_save(getattr(obj, f.attname), connection)
                                 for obj in chunk for f in columns])
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False  # as Django's bulk_create does
                obj._state.db = connection.alias


def rows_update(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write ``fields`` of ``objs`` (saved rows) in one statement per chunk."""
    if not objs or not fields:
        return
    connection = _db()
    meta = model._meta
    columns = _fields(model, fields)
    quote = connection.ops.quote_name
    names = ["pk"] + [f"c{i}" for i in range(len(columns))]
    postgres = connection.vendor == "postgresql"

    def source(i: int, field: models.Field) -> str:  # VALUES columns are untyped literals on PostgreSQL
        return f"CAST(v.c{i} AS {field.db_type(connection)})" if postgres else f"v.c{i}"

    sets = ", ".join(f"{quote(_column(f))} = {source(i, f)}" for i, f in enumerate(columns))
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    pk_cast = f"CAST(v.pk AS {meta.pk.db_type(connection)})" if postgres else "v.pk"
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        for chunk in _chunks(objs, len(names)):
            sql = (f"WITH v ({', '.join(names)}) AS (VALUES {', '.join([row] * len(chunk))}) "
                   f"UPDATE {table} SET {sets} FROM v WHERE {table}.{quote(_column(meta.pk))} = {pk_cast}")
            params = []
            for obj in chunk:
                params.append(obj.pk)
                params += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
            cursor.execute(sql, params)


def rows_delete(model: type[models.Model], pks: Sequence[int]) -> None:
    """Delete rows by primary key (no cascades: for tables nothing else points at)."""
    if not pks:
        return
    connection = _db()
    meta = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for chunk in _chunks(pks, 1):
            cursor.execute(f"DELETE FROM {quote(meta.db_table)} WHERE {quote(_column(meta.pk))} IN "
                           f"({', '.join(['%s'] * len(chunk))})", list(chunk))
