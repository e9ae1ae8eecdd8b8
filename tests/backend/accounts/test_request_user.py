"""request_user: the typed user of an authenticated view, or a 401 for anyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from backend.accounts.authentication import request_user
from backend.accounts.models import User

pytestmark = pytest.mark.django_db


class WhoAmI(APIView):
    def get(self, request: Request) -> Response:
        return Response({"id": request_user(request).pk})


def test_it_gives_the_signed_in_user(alice: User) -> None:
    request = APIRequestFactory().get("/")
    force_authenticate(request, user=alice)
    assert WhoAmI.as_view()(request).data == {"id": alice.pk}


def test_it_refuses_an_anonymous_request() -> None:
    request = APIRequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(exceptions.NotAuthenticated):
        request_user(request)
