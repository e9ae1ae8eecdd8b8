"""The bot's HTTP routes, mounted by `backend/config/urls.py` by dotted path (`include("bot.urls")`)
so that no backend module imports the bot package."""

from django.urls import path

from bot.webhook import telegram_webhook

urlpatterns = [
    path("webhook/", telegram_webhook, name="telegram-webhook"),
]
