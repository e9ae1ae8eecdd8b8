"""The workouts app; a process that serves it must be able to rank, or it does not start."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MODEL_CHECK_ID = "workouts.E001"


def percentile_model_problem() -> str | None:
    """Why the percentile model cannot load in this process (one line), or None once it loads."""
    from ml import INSTALL_HINT

    try:
        from ml.predict import ModelLoadError, get_model
    except Exception as error:  # numpy or scipy (what serving needs) fails to import
        hint = f"; {INSTALL_HINT}" if isinstance(error, ImportError) else ""
        return f"the percentile model cannot load: {type(error).__name__}: {error}{hint}"
    try:
        get_model()
    except ModelLoadError as error:
        return str(error)
    return None


def require_percentile_model() -> None:
    """Raises ImproperlyConfigured naming the cause when the percentile model cannot load."""
    problem = percentile_model_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)


def check_percentile_model(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: the percentile model loads (runserver, check, migrate refuse otherwise)."""
    if app_configs is not None and not any(c.label == "workouts" for c in app_configs):
        return []
    problem = percentile_model_problem()
    return [] if problem is None else [checks.Error(problem, id=MODEL_CHECK_ID)]


class WorkoutsConfig(AppConfig):
    name = "backend.workouts"
    label = "workouts"
    verbose_name = "Workouts"

    def ready(self) -> None:
        from . import catalogue  # noqa: F401  (connects the signals that drop cached catalogues)

        checks.register(check_percentile_model)
