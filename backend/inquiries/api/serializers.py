from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from rest_framework import serializers

from backend import images

from ..models import Inquiry, InquiryMessage

MAX_IMAGE_BYTES = 5 * 1024 * 1024


class InquiryMessageSerializer(serializers.ModelSerializer[InquiryMessage]):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = InquiryMessage
        fields = ("id", "body", "is_staff_answer", "author_name", "created_at")
        read_only_fields = ("is_staff_answer", "created_at")

    def get_author_name(self, message: InquiryMessage) -> str:
        if message.is_staff_answer:
            return "SBD Animal team"
        author = message.author
        return (author.display_name or author.email or "") if author else ""


class InquirySerializer(serializers.ModelSerializer[Inquiry]):
    image = serializers.FileField(required=False, allow_null=True)
    messages = InquiryMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Inquiry
        fields = (
            "id",
            "title",
            "body",
            "category",
            "image",
            "status",
            "created_at",
            "updated_at",
            "first_answered_at",
            "closed_at",
            "messages",
        )
        read_only_fields = (
            "status",
            "created_at",
            "updated_at",
            "first_answered_at",
            "closed_at",
        )

    def validate_image(self, upload: UploadedFile | None) -> ContentFile[bytes] | None:
        """The attachment decoded and re-encoded as avatars are (backend/images.py), or a 400."""
        if upload is None:
            return None
        if upload.size is None or upload.size > MAX_IMAGE_BYTES:
            raise serializers.ValidationError("The image must be 5 MB or smaller.")
        try:
            return images.image_clean(upload, stem="inquiry")
        except images.ImageInvalid as exc:
            raise serializers.ValidationError(str(exc)) from None


class FollowUpSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)
