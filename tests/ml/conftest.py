"""Fixtures of the ml tests: the committed model and the standards grids."""

from __future__ import annotations

import pytest

from ml import dataset
from ml.predict import PercentileModel, get_model


@pytest.fixture(scope="session")
def percentile_model() -> PercentileModel:
    """The committed model, loaded as serving loads it."""
    return get_model()


@pytest.fixture(scope="session")
def grids() -> dict[tuple[str, str], dataset.StandardsGrid]:
    """Complete standards grids of every exercise and sex."""
    return dataset.load_standards()
