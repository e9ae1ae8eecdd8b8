"""Housekeeping of the accounts tables, run by Celery beat (`tasks.accounts_purge_expired`).

Removes what can no longer be used: emailed codes and Telegram link tokens long past their
expiry, refresh tokens past theirs (simplejwt's outstanding list; their blacklist entries go
with them, as its `flushexpiredtokens` does) and ended login sessions (a lifter who never logs
in again kept them). A blacklisted token that has not expired stays: its entry is what keeps it
revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Model
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from .models import EmailCode, LoginSession, TelegramLinkToken
from .sessions import sessions_ended

# An expired code is kept this long: the send limit counts the codes of the last hour per
# address, so removing them sooner would lift the limit.
CODE_KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    email_codes: int
    link_tokens: int
    refresh_tokens: int
    blacklist_entries: int
    login_sessions: int


def _deleted_of(counts: dict[str, int], model: type[Model]) -> int:
    return counts.get(model._meta.label, 0)


def accounts_purge_expired(*, now: datetime | None = None) -> Purged:
    """Deletes expired codes (a day after expiry), link tokens, refresh tokens and ended login
    sessions; the counts."""
    now = now or timezone.now()
    _, codes = EmailCode.objects.filter(expires_at__lt=now - CODE_KEEP).delete()
    _, links = TelegramLinkToken.objects.filter(expires_at__lt=now - CODE_KEEP).delete()
    _, tokens = OutstandingToken.objects.filter(expires_at__lte=now).delete()
    _, sessions = sessions_ended(now=now).delete()
    return Purged(
        email_codes=_deleted_of(codes, EmailCode),
        link_tokens=_deleted_of(links, TelegramLinkToken),
        refresh_tokens=_deleted_of(tokens, OutstandingToken),
        blacklist_entries=_deleted_of(tokens, BlacklistedToken),
        login_sessions=_deleted_of(sessions, LoginSession),
    )
