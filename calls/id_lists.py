"""`field IN (ids)` with the id list as ONE query parameter.

Django compiles `pk__in=ids` into one placeholder per id: for a dispatch of thousands of calls
that is thousands of parameters resolved one by one, and a long statement for the driver to
scan and the server to parse. On PostgreSQL `= ANY(%s)` takes the list as one array; elsewhere
(SQLite) `IN (SELECT value FROM json_each(%s))` takes it as one JSON text. Both keep the index
lookups a plain IN list gets, and neither has SQLite's limit on the number of parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Expression, F


def id_list_sql(column: str, ids: list[int], vendor: str) -> tuple[str, list[Any]]:
    """`column` (quoted SQL) is one of `ids`, as SQL with a single parameter."""
    # int() both checks the values and keeps the array / JSON text to plain integers.
    ids = [int(pk) for pk in ids]
    if vendor == "postgresql":
        # An array literal as text: psycopg's list adapter inspects every element, this does not.
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]  # noqa: S608


class IdIn(Expression):
    """A filter condition: `field` (an integer column, joins allowed) is one of `ids`."""

    conditional = True

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        super().__init__(output_field=BooleanField())
        self.column_ref: Any = F(field)
        self.ids = list(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column_ref]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.column_ref,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        # `column` is Django-compiled SQL (a quoted column); the ids are a parameter.
        column, params = compiler.compile(self.column_ref)
        sql, ids_params = id_list_sql(column, self.ids, connection.vendor)
        return sql, [*params, *ids_params]
