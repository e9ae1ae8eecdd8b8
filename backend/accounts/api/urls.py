from django.urls import path

from . import views

urlpatterns = [
    path("auth/signup/", views.SignupView.as_view(), name="auth-signup"),
    path("auth/signup/confirm/", views.SignupConfirmView.as_view(), name="auth-signup-confirm"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    # The refresh cookie's path is /api/auth/: refresh and logout both receive it.
    path("auth/refresh/", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/password-reset/", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path(
        "auth/password-reset/confirm/",
        views.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/avatar/", views.AvatarView.as_view(), name="profile-avatar"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="profile-password"),
    path("profile/telegram-link/", views.TelegramLinkView.as_view(), name="profile-telegram-link"),
]
