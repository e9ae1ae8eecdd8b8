from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import Inquiry, InquiryMessage

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def validate_image_size(image: Any) -> Any:
    if image is not None and image.size > MAX_IMAGE_BYTES:
        raise serializers.ValidationError("The image must be 5 MB or smaller.")
    return image


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
    image = serializers.ImageField(
        required=False, allow_null=True, validators=[validate_image_size]
    )
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


class FollowUpSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)
