from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from rest_framework import serializers

from backend import images

from ..models import User
from ..profile import PROFILE_FIELDS, birth_year_range


class ProfileSerializer(serializers.ModelSerializer[User]):
    avatar = serializers.ImageField(read_only=True)

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            *PROFILE_FIELDS,
            "avatar",
            "telegram_id",
            "telegram_username",
            "date_joined",
        )
        read_only_fields = ("id", "email", "telegram_id", "telegram_username", "date_joined")

    def validate_birth_date(self, value: date | None) -> date | None:
        """The same birth years the chat accepts (profile.birth_year_range)."""
        low, high = birth_year_range()
        if value is not None and not low <= value.year <= high:
            raise serializers.ValidationError(f"Give a birth year between {low} and {high}.")
        return value

    def validate_timezone(self, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise serializers.ValidationError("Unknown time zone.") from None
        return value


class SignupSerializer(ProfileSerializer):
    # Plain fields: a uniqueness check here would tell who has an account.
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class Meta(ProfileSerializer.Meta):
        fields = (  # type: ignore[assignment]
            "email",
            "password",
            *PROFILE_FIELDS,
        )
        read_only_fields = ()  # type: ignore[assignment]

    def validate_password(self, value: str) -> str:
        # a field validator, so a weak password is reported with the other field errors
        validate_password(value, User(email=str(self.initial_data.get("email", ""))))
        return value


class CodeConfirmSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    code = serializers.RegexField(r"^\d{6}$", min_length=6, max_length=6)


class LoginSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"})


class EmailSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(CodeConfirmSerializer):
    new_password = serializers.CharField(style={"input_type": "password"})

    def validate_new_password(self, value: str) -> str:
        validate_password(value)
        return value


class PasswordChangeSerializer(serializers.Serializer[Any]):
    old_password = serializers.CharField(style={"input_type": "password"})
    new_password = serializers.CharField(style={"input_type": "password"})

    def validate_new_password(self, value: str) -> str:
        validate_password(value, self.context["request"].user)
        return value


class AvatarSerializer(serializers.Serializer[Any]):
    avatar = serializers.FileField()

    def validate_avatar(self, value: UploadedFile) -> ContentFile[bytes]:
        if value.size is None or value.size > settings.ACCOUNTS_AVATAR_MAX_BYTES:
            limit = settings.ACCOUNTS_AVATAR_MAX_BYTES // 1024
            raise serializers.ValidationError(f"The image must be at most {limit} KB.")
        try:
            return images.image_clean(value, stem="avatar")
        except images.ImageInvalid as exc:
            raise serializers.ValidationError(str(exc)) from None


class TelegramLinkSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    url = serializers.URLField()
    expires_in = serializers.IntegerField(help_text="seconds")


class DetailSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
