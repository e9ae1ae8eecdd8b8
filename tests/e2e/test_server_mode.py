"""The browser tests serve the product as production does: Django's async-safety check is on."""

from __future__ import annotations

import asyncio

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from backend.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_django_refuses_the_orm_inside_a_running_event_loop() -> None:
    # with DJANGO_ALLOW_ASYNC_UNSAFE set for these tests, a view's unsafe call would pass unseen
    async def count() -> int:
        return User.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count())
