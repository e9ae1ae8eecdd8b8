"""`/health/`: what a load balancer and the compose healthchecks ask before sending traffic.

Checks (django-health-check): the database, Redis when REDIS_URL is set, the Celery broker when
tasks do not run eagerly, and the percentile model. 200 when all pass; 503 naming the failing
part otherwise (JSON with `?format=json` or `Accept: application/json`, else text or HTML).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

TIMEOUT_SECONDS = 3


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """The broker Celery sends tasks to accepts a connection (workers answer their own probe)."""

    timeout = datetime.timedelta(seconds=TIMEOUT_SECONDS)

    def run(self) -> None:
        from backend.config.celery_app import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        except Exception as error:  # kombu raises its own and the transport's errors
            raise ServiceUnavailable(f"broker unreachable: {type(error).__name__}") from error


@dataclasses.dataclass
class PercentileModel(HealthCheck):
    """The percentile model is loaded in this process (it ranks every logged set).

    The ASGI app loads it before serving; the check never loads it (that takes seconds)."""

    def run(self) -> None:
        from ml.predict import model_loaded

        if not model_loaded():
            raise ServiceUnavailable("the percentile model is not loaded in this process")


def redis_client() -> RedisClient:
    """A client of REDIS_URL that gives up quickly."""
    return RedisClient.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
    )


class HealthView(HealthCheckView):
    """The checks this deployment needs; 503 (not the library's 500) when one fails."""

    def get_checks(self) -> list[HealthCheck]:
        """The database and the model always; Redis and the broker when configured."""
        checks: list[HealthCheck] = [Database(), PercentileModel()]
        if settings.REDIS_URL:
            checks.append(Redis(client_factory=redis_client))
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            checks.append(CeleryBroker())
        return checks

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Runs the checks; a failure answers 503 Service Unavailable."""
        response: HttpResponseBase = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response
