from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from backend import images
from facts import FALLBACK_TIME_ZONE


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        """Creates a user; a Telegram-only user has no email yet."""
        email = self.normalize_email(email) or None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


def avatar_upload_to(instance: User, filename: str) -> str:
    """A fresh random name per upload, so a replaced avatar never keeps a cached URL alive."""
    return images.upload_name("avatars", filename)


class User(AbstractBaseUser, PermissionsMixin):
    """A lifter, web user or admin; email is the login, and may be empty for bot-only users."""

    class Sex(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"

    class Units(models.TextChoices):
        KG = "kg", "kg"
        LB = "lb", "lb"

    class Language(models.TextChoices):
        EN = "en", "English"
        KO = "ko", "Korean"

    email = models.EmailField(unique=True, null=True, blank=True)
    display_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    height_cm = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(272)],
    )
    bodyweight_kg = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(400)],
    )
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KG)
    timezone = models.CharField(max_length=64, default=FALLBACK_TIME_ZONE)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)

    telegram_id = models.BigIntegerField(unique=True, null=True, blank=True)
    telegram_username = models.CharField(max_length=64, blank=True)
    # Set when Telegram says the user blocked the bot; cleared when they write again. Kept apart
    # from is_active: blocking the bot must not lock anyone out of the web, nor lift a ban.
    telegram_blocked_at = models.DateTimeField(null=True, blank=True)
    avatar = models.ImageField(upload_to=avatar_upload_to, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.email or self.display_name or f"telegram:{self.telegram_id}"

    def age_on(self, day: date) -> int | None:
        """Whole years of age on `day`, or None when the birth date is unknown."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def birth_year(self) -> int | None:
        """The year of birth (a chat answer stores the year alone, see `birth_date_from_year`)."""
        return self.birth_date.year if self.birth_date is not None else None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())


class EmailCode(models.Model):
    """A 6-digit code emailed to an address; only its keyed hash is stored.

    One row per code sent for signup, password reset or registration by chat. A signup's
    pending account (password already hashed, profile fields) waits in `payload` until the
    code is confirmed; only then is the `User` created.
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup", "Signup"
        PASSWORD_RESET = "password_reset", "Password reset"
        CHAT_REGISTRATION = "chat_registration", "Registration by chat"

    LIFETIME = timedelta(minutes=10)
    MAX_ATTEMPTS = 5

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    email = models.EmailField()
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=2, default=User.Language.EN)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The email task claims a row before sending and stamps `sent_at` after: it sends once.
    send_claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("email", "created_at"))]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.email}"

    @classmethod
    def lifetime_minutes(cls) -> int:
        """How long a code lives, in the whole minutes the messages state."""
        return int(cls.LIFETIME.total_seconds() // 60)


class TelegramLinkToken(models.Model):
    """A one-time token that links a Telegram account to a web account (hash stored only)."""

    LIFETIME = timedelta(minutes=10)

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="telegram_link_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Telegram link token for {self.user}"


class LoginSession(models.Model):
    """One login and every token descended from it (a refresh-token family).

    Its id is the `sid` claim of each refresh and access token the login yields; revoking it
    ends them all at once (logout, a replayed refresh token, a password change). Without a
    refresh it ends by itself a refresh-token lifetime after `refreshed_at`; the user's next
    login and the hourly purge delete the rows of ended sessions (a missing row ends its tokens
    as well).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="login_sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    refreshed_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Login session of {self.user}"
