"""Account merge: a bot-only user's data moves into the web account their Telegram id is
linked to. Workout data moves by `backend.workouts.account_data`; this adds the profile fields
the target lacks and hands other apps' rows over.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, models, transaction
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from backend.workouts.account_data import MOVED_MODELS, workout_data_move

from .models import EmailCode, LoginSession, TelegramLinkToken, User

logger = logging.getLogger(__name__)


def account_merge(*, source: User, target: User) -> None:
    """Moves a bot-only user's sets, bodyweights and other rows to `target`, once each, and the
    profile fields `target` lacks; the caller saves `target`."""
    latest_bodyweight = workout_data_move(source=source, target=target)
    if latest_bodyweight is not None:
        target.bodyweight_kg = latest_bodyweight
    for name in ("sex", "birth_date", "height_cm"):
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, ""):
            setattr(target, name, getattr(source, name))
    _user_relations_move(source=source, target=target)


def _user_relations_move(*, source: User, target: User) -> None:
    """Hands other apps' rows (e.g. inquiries) of `source` to `target` so nothing is lost."""
    handled = {*MOVED_MODELS, EmailCode, TelegramLinkToken, OutstandingToken, LoginSession}
    for relation in User._meta.related_objects:
        model = relation.related_model
        if not relation.many_to_one or model in handled or not isinstance(model, type):
            continue
        field = relation.field.name
        try:
            with transaction.atomic():
                manager: models.Manager[Any] = model._base_manager
                manager.filter(**{field: source}).update(**{field: target})
        except IntegrityError:
            logger.warning("could not move %s rows of user %s", model.__name__, source.pk)
