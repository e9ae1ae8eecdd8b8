from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from backend.accounts.authentication import request_user

from .. import services
from ..models import Inquiry, InquiryMessage
from .serializers import FollowUpSerializer, InquiryMessageSerializer, InquirySerializer


def inquiries_with_thread() -> QuerySet[Inquiry]:
    """Inquiries with their messages and authors, in a constant number of queries."""
    messages = InquiryMessage.objects.select_related("author")
    return Inquiry.objects.prefetch_related(Prefetch("messages", queryset=messages))


class InquiryViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Inquiry],
):
    """The logged-in user's own inquiries; POST opens one (JSON, or multipart with an image)."""

    serializer_class = InquirySerializer
    parser_classes = (parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser)
    filterset_fields = ("status", "category")
    search_fields = ("title", "body")
    ordering_fields = ("created_at", "updated_at")

    def get_queryset(self) -> QuerySet[Inquiry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Inquiry.objects.none()
        return inquiries_with_thread().filter(user=self.request.user)

    def perform_create(self, serializer: BaseSerializer[Inquiry]) -> None:
        serializer.instance = services.inquiry_open(
            user=request_user(self.request),
            **serializer.validated_data,
        )

    @extend_schema(request=FollowUpSerializer, responses={201: InquiryMessageSerializer})
    @action(detail=True, methods=["post"], parser_classes=(parsers.JSONParser,))
    def messages(self, request: Request, pk: str) -> Response:
        """Adds a follow-up to the user's inquiry; it then waits for staff again."""
        inquiry = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.inquiry_follow_up(
                inquiry=inquiry,
                user=request_user(request),
                body=serializer.validated_data["body"],
            )
        except services.InquiryClosedError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        return Response(InquiryMessageSerializer(message).data, status=status.HTTP_201_CREATED)
