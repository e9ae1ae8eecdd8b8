"""Login limits: per client address (as the declared proxies report it) and per account.

The address is DRF's `get_ident`: REMOTE_ADDR, or with `NUM_PROXIES` (DJANGO_NUM_PROXIES) proxies
declared, the address the outermost of them saw. The per-account limit counts attempts at one
email whatever address they come from; it locks the owner out for at most its period.
Every login door uses both: the API's login and the Django admin's.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

# the scopes of DEFAULT_THROTTLE_RATES (THROTTLE_RATE_AUTH, THROTTLE_RATE_LOGIN_ACCOUNT)
SCOPE_ADDRESS = "auth"
SCOPE_ACCOUNT = "login_account"


logger = logging.getLogger(__name__)


def _rate(scope: str | None) -> str | None:
    rates: Mapping[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
    return rates.get(str(scope))


class _OpenWhenCacheDown(SimpleRateThrottle):
    """Lets the request through when the cache (Redis) cannot count it: logging in must keep
    working without Redis, and signup and reset then answer their own 503."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("throttle %s not applied, the cache failed: %r", self.scope, exc)
            return True


class AuthThrottle(_OpenWhenCacheDown, ScopedRateThrottle):
    """Per-address limit on the auth endpoints; the rate is read at request time."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)


class AddressThrottle(_OpenWhenCacheDown):
    """The same per-address limit outside DRF views (it shares AuthThrottle's counter)."""

    scope = SCOPE_ADDRESS

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _login_email(request: Any) -> str | None:
    data = getattr(request, "data", None)
    if not isinstance(data, Mapping):
        data = request.POST
    value = data.get("email", data.get("username"))
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()


class AccountThrottle(_OpenWhenCacheDown):
    """Attempts to log in to one account, from any address."""

    scope = SCOPE_ACCOUNT

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        email = _login_email(request)
        if email is None:
            return None
        ident = hashlib.sha256(email.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


LOGIN_THROTTLES = (AuthThrottle, AccountThrottle)


def throttled_login(
    login: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Wraps a Django login view (the admin's): a POST over either limit gets a 429."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            waits = [
                throttle.wait() or 1.0
                for throttle in (AddressThrottle(), AccountThrottle())
                if not throttle.allow_request(request, None)
            ]
            if waits:
                seconds = int(max(waits)) + 1
                return HttpResponse(
                    f"Too many login attempts. Try again in {seconds} seconds.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": str(seconds)},
                )
        return login(request, *args, **kwargs)

    return view
