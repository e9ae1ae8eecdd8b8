"""Pagination that react-admin's data providers and plain clients both understand."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response


class StandardPagination(PageNumberPagination):
    """Page-number pagination that also reports the total in `X-Total-Count`."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        return super().paginate_queryset(queryset, request, view)  # type: ignore[arg-type]

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.page is not None
        response["X-Total-Count"] = str(self.page.paginator.count)
        response["Access-Control-Expose-Headers"] = "X-Total-Count"
        return response
