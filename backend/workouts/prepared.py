"""QuerySets compiled once and run again with other parameter values: for the queries every
logged chat message runs (the lifter with their plate setup, enrollment, latest bodyweight and
latest set; the PR bests; the last session), where building and compiling the ORM query cost
more CPU than running it.

`PreparedFirst(build, sentinels=…)` calls `build(**sentinels)` once per database to get the
QuerySet, compiles it, and remembers where each sentinel value sits among the SQL parameters and
the converters of its columns. `first(**values)` runs that SQL with the values swapped in and
turns the row into a model instance exactly as `QuerySet.first()` would (Django's converters,
`select_related` objects, annotations), the way `django.db.models.query.ModelIterable` does.
`PreparedRows` does the same for a `values_list()` QuerySet: `rows(**values)` are its tuples.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, int]  # sentinel name → its index in params
    compiler: Any
    # column index → (converters, expression), as `compiler.results_iter` finds them per call
    converters: dict[int, tuple[list[Any], Any]]

    def convert(self, rows: list[Any]) -> list[Any]:
        """The rows with Django's converters applied (what `results_iter` yields)."""
        if not self.converters:
            return rows
        return list(self.compiler.apply_converters(rows, self.converters))


class _Prepared(Generic[M]):
    """`build(**sentinels)`, compiled once per database alias."""

    def __init__(
        self,
        build: Callable[..., QuerySet[M]],
        *,
        sentinels: dict[str, Any],
        adapt: dict[str, Callable[[Any, Any], Any]] | None = None,
    ) -> None:
        self._build = build
        self._sentinels = sentinels
        # how a value becomes an SQL parameter (connection, value); as is when not named
        self._adapt = adapt or {}
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _queryset(self) -> QuerySet[M, Any]:
        return self._build(**self._sentinels)

    def _compile(self, using: str) -> _Compiled:
        queryset = self._queryset()
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        connection = connections[using]
        slots = {}
        for name, sentinel in self._sentinels.items():
            adapted = self._adapt_value(name, connection, sentinel)
            found = [i for i, p in enumerate(params) if p == adapted]
            if len(found) != 1:
                raise ValueError(f"sentinel {name!r} is not one SQL parameter: {params!r}")
            slots[name] = found[0]
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("composite fields are not prepared")
        converters = compiler.get_converters(fields)
        return _Compiled(sql, tuple(params), slots, compiler, converters)

    def _adapt_value(self, name: str, connection: Any, value: Any) -> Any:
        adapt = self._adapt.get(name)
        return adapt(connection, value) if adapt is not None else value

    def _fetch(self, using: str, values: dict[str, Any], *, one: bool) -> tuple[_Compiled, list]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        connection = connections[using]
        params = list(compiled.params)
        for name, value in values.items():
            params[compiled.slots[name]] = self._adapt_value(name, connection, value)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            if one:
                row = cursor.fetchone()
                return compiled, [] if row is None else compiled.convert([row])
            return compiled, compiled.convert(list(cursor.fetchall()))


class PreparedFirst(_Prepared[M]):
    """`build(**sentinels).first()`: the first model instance (by pk), or None."""

    def _queryset(self) -> QuerySet[M, Any]:
        return super()._queryset().order_by("pk")[:1]

    def first(self, *, using: str = "default", **values: Any) -> M | None:
        compiled, rows = self._fetch(using, values, one=True)
        if not rows:
            return None
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        (row,) = rows
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        obj: M = klass_info["model"].from_db(using, init_list, row[start:end])
        for populator in get_related_populators(klass_info, select, using):  # type: ignore[call-arg]
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        return obj


class PreparedRows(_Prepared[Any]):
    """The tuples of `build(**sentinels)`, a `values_list()` QuerySet whose columns come in the
    order it names them (fields first, then annotations)."""

    def _compile(self, using: str) -> _Compiled:
        compiled = super()._compile(using)
        queryset = self._queryset()
        names = [*queryset.query.values_select, *queryset.query.annotation_select]
        if queryset._fields is None or list(queryset._fields) != names:  # type: ignore[attr-defined]
            raise ValueError(f"PreparedRows needs values_list() in select order: {names}")
        return compiled

    def rows(self, *, using: str = "default", **values: Any) -> list[tuple[Any, ...]]:
        _, rows = self._fetch(using, values, one=False)
        return [tuple(row) for row in rows]
