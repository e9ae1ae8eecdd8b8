"""Domain errors of the accounts services; each carries a message fit to show the user."""

from __future__ import annotations


class AccountsError(Exception):
    """Base of every accounts error; `message` is user-facing, `status_code` its HTTP answer."""

    message = "Your request could not be completed."
    code = "accounts_error"
    status_code = 400

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class InvalidCode(AccountsError):
    message = "That code is wrong or has expired. Check the latest email or ask for a new code."
    code = "invalid_code"


class TooManyAttempts(AccountsError):
    message = "Too many wrong codes. Ask for a new code."
    code = "too_many_attempts"


class RateLimited(AccountsError):
    message = "A code was sent to this address recently. Please wait before asking again."
    code = "rate_limited"
    status_code = 429

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(message)


class EmailQueueUnavailable(AccountsError):
    message = "We cannot send emails right now. Please try again in a few minutes."
    code = "email_unavailable"
    status_code = 503


class SessionExpired(AccountsError):
    message = "Your session has expired. Please log in again."
    code = "session_expired"
    status_code = 401


class WrongPassword(AccountsError):
    message = "The current password is wrong."
    code = "wrong_password"


class EmailAlreadySet(AccountsError):
    message = "This Telegram account already has a verified email."
    code = "email_already_set"
    status_code = 409


class LinkTokenInvalid(AccountsError):
    message = "This link is invalid, used or expired. Open a new one from your web profile."
    code = "link_token_invalid"


class TelegramAlreadyLinked(AccountsError):
    message = "This Telegram account is already linked to another SBD Animal account."
    code = "telegram_already_linked"
    status_code = 409


class InvalidCredentials(AccountsError):
    message = "Wrong email or password."
    code = "invalid_credentials"
    status_code = 401
