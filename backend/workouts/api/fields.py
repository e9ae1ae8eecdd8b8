"""Date filters of the API, bounded to a plausible range (no overflow converting to UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
OUT_OF_RANGE = f"Give a date and time between the years {EARLIEST_YEAR} and {LATEST_YEAR}."


class BoundedIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value: Any) -> datetime | None:
        try:
            result: datetime | None = super().to_python(value)
            in_utc = result.astimezone(UTC) if result is not None else None
        except OverflowError:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range") from None
        if in_utc is not None and not EARLIEST_YEAR <= in_utc.year <= LATEST_YEAR:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return result


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField
