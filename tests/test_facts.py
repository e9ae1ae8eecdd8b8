"""The shared facts: the time-zone fallback, kg↔lb both ways, and the level boundaries the
percentile model's data file states."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

import pytest

import facts
from ml import dataset


@pytest.mark.parametrize("name", ["", None, "Mars/Olympus_Mons", "../etc/passwd"])
def test_an_empty_or_unknown_zone_falls_back_to_utc(name: str | None) -> None:
    assert facts.time_zone(name) == zoneinfo.ZoneInfo("UTC")


def test_a_known_zone_is_kept() -> None:
    assert facts.time_zone("Asia/Seoul") == zoneinfo.ZoneInfo("Asia/Seoul")


def test_kg_per_lb_is_the_international_pound_both_ways() -> None:
    assert Decimal("0.45359237") == facts.KG_PER_LB
    assert float(facts.KG_PER_LB) * facts.LB_PER_KG == pytest.approx(1.0, abs=1e-15)


def test_the_level_boundaries_are_those_of_the_models_data_file() -> None:
    assert dataset.level_percentiles() == facts.LEVEL_PERCENTILES
    assert tuple(facts.LEVEL_PERCENTILES) == facts.LEVELS
    assert all(tuple(names) == facts.LEVELS for names in facts.LEVEL_NAMES.values())
