"""Paging, sorting and filtering in the shape react-admin's data providers send and expect.

ra-data-json-server sends `_start`/`_end`/`_sort`/`_order`/`q` and field filters as plain
parameters; ra-data-simple-rest sends `range=[0,24]`, `sort=["id","ASC"]` and
`filter={"q":"…","id":[1,2]}`. Both read the total from a header. Requests are translated into
DRF's own `ordering`/`search`/filter parameters, so the usual backends do the work; `page` and
`page_size` keep working.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
EXPOSED_HEADERS = "X-Total-Count, Content-Range"


def _json_param(params: QueryDict, name: str) -> Any:
    try:
        return json.loads(params[name])
    except ValueError:
        raise ValidationError({name: "Must be JSON."}) from None


def _ordering(fields: list[str], orders: list[str]) -> str:
    terms = []
    for index, field in enumerate(fields):
        order = orders[index] if index < len(orders) else "ASC"
        terms.append(f"-{field}" if order.upper() == "DESC" else field)
    return ",".join(terms)


def _as_param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_as_param(item) for item in value)
    return str(value)


def react_admin_query(params: QueryDict) -> QueryDict:
    """`params` with react-admin's parameters translated to DRF's (others kept as they are)."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        # json-server's getMany repeats `id`; the `…__in`-style filters take a comma list.
        query[name] = ",".join(values) if len(values) > 1 else values[0]
    if "filter" in query:
        filters = _json_param(query, "filter")
        if not isinstance(filters, dict):
            raise ValidationError({"filter": "Must be a JSON object."})
        del query["filter"]
        for name, value in filters.items():
            if value is not None:
                query[str(name)] = _as_param(value)
    if "sort" in query:
        sort = _json_param(query, "sort")
        if not (
            isinstance(sort, list) and len(sort) == 2 and all(isinstance(s, str) for s in sort)
        ):
            raise ValidationError({"sort": 'Must be ["field", "ASC" or "DESC"].'})
        del query["sort"]
        query["ordering"] = _ordering([sort[0]], [sort[1]])
    if "_sort" in query:
        query["ordering"] = _ordering(
            query.pop("_sort")[0].split(","), query.pop("_order", ["ASC"])[0].split(",")
        )
    if "q" in query:
        query["search"] = query.pop("q")[0]
    return query


class ReactAdminQueryMixin:
    """Translates react-admin's query parameters before filtering and paging run."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        request._request.GET = react_admin_query(request._request.GET)


def _int_param(params: QueryDict, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: "Must be an integer."}) from None
    if value < 0:
        raise ValidationError({name: "Must not be negative."})
    return value


def _page_rows(queryset: QuerySet[Any], start: int, end: int) -> list[Any]:
    """The rows of one page: their keys first, then the rows with their joins and prefetches.

    Sorting and skipping on the bare table uses its indexes; with the joins in the same query
    MariaDB may start from the small joined table and sort all of a large one (0.7 s on 100k
    sets against 6 ms).
    """
    keys = list(queryset.values_list("pk", flat=True)[start:end])
    by_key = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


class ReactAdminPagination(BasePagination):
    """Returns the page as a plain list with `X-Total-Count` and `Content-Range` headers.

    The window comes from `_start`/`_end` (end exclusive), `range=[first,last]` (inclusive) or
    `page`/`page_size`; at most 500 rows.
    """

    def _window(self, params: QueryDict) -> tuple[int, int]:
        if "range" in params:
            bounds = _json_param(params, "range")
            if not (
                isinstance(bounds, list)
                and len(bounds) == 2
                and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
                and 0 <= bounds[0] <= bounds[1]
            ):
                raise ValidationError({"range": "Must be [first, last] with 0 <= first <= last."})
            return bounds[0], bounds[1] + 1
        start = _int_param(params, "_start")
        end = _int_param(params, "_end")
        if start is not None or end is not None:
            start = start or 0
            return start, max(start, end if end is not None else start + DEFAULT_PAGE_SIZE)
        page = _int_param(params, "page") or 1
        size = _int_param(params, "page_size") or DEFAULT_PAGE_SIZE
        size = min(size, MAX_PAGE_SIZE)
        return (page - 1) * size, page * size

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        start, end = self._window(request.query_params)
        end = min(end, start + MAX_PAGE_SIZE)
        self.total = queryset.count()
        self.start = start
        rows = _page_rows(queryset, start, end) if start < self.total else []
        self.end = start + len(rows)
        return rows

    def get_paginated_response(self, data: Any) -> Response:
        last = f"{self.end - 1}" if self.end > self.start else f"{self.start}"
        return Response(
            data,
            headers={
                "X-Total-Count": str(self.total),
                "Content-Range": f"items {self.start}-{last}/{self.total}",
                "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            },
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return schema

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        def integer(name: str, description: str) -> dict[str, Any]:
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "integer", "minimum": 0},
            }

        return [
            integer("_start", "First row, counted from 0 (ra-data-json-server)."),
            integer("_end", "Row after the last one (ra-data-json-server)."),
            {
                "name": "range",
                "in": "query",
                "required": False,
                "description": "JSON [first, last], both included (ra-data-simple-rest).",
                "schema": {"type": "string"},
            },
            integer("page", "Page number, from 1."),
            integer("page_size", f"Rows per page, at most {MAX_PAGE_SIZE}."),
        ]


class ReactAdminParamsFilter:
    """Documents react-admin's sort/filter parameters; `ReactAdminQueryMixin` applies them."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        return queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        def string(name: str, description: str) -> dict[str, Any]:
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }

        return [
            string("_sort", "Fields to sort by, comma-separated (ra-data-json-server)."),
            string("_order", "ASC or DESC for each `_sort` field (ra-data-json-server)."),
            string("sort", 'JSON ["field", "ASC"|"DESC"] (ra-data-simple-rest).'),
            string("filter", "JSON object of filters; `q` searches (ra-data-simple-rest)."),
            string("q", "Full-text search, same as `search`."),
        ]
