from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.inquiries import services as inquiry_services
from backend.inquiries.models import Inquiry
from backend.workouts.models import Exercise, ExerciseAlias, WorkoutSet


@pytest.fixture
def root(db: None) -> User:
    """Dana is a superuser: she alone grants and revokes staff."""
    return User.objects.create_superuser("dana@example.com", "correct horse battery")


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def staff_api(staff: User) -> APIClient:
    return client_for(staff)


@pytest.fixture
def root_api(root: User) -> APIClient:
    return client_for(root)


def a_set(user: User, slug: str = "bench-press", weight: str = "100", reps: int = 5) -> WorkoutSet:
    return WorkoutSet.objects.create(
        user=user,
        exercise=Exercise.objects.get(slug=slug),
        performed_at=timezone.now() - timedelta(hours=1),
        weight_kg=Decimal(weight),
        reps=reps,
        e1rm_kg=Decimal("116.67"),
    )


@pytest.fixture
def alice_set(alice: User) -> WorkoutSet:
    return a_set(alice)


@pytest.fixture
def alice_inquiry(alice: User) -> Inquiry:
    return inquiry_services.inquiry_open(
        user=alice, title="Knee pain on squats", body="Is it my depth?", category="technique"
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def stored(instance: Model) -> dict[str, Any]:
    """The row as the database holds it now (not the instance's in-memory fields)."""
    return type(instance)._default_manager.filter(pk=instance.pk).values().get()


def aliases_of(exercise: Exercise) -> list[str]:
    return sorted(ExerciseAlias.objects.filter(exercise=exercise).values_list("alias", flat=True))
