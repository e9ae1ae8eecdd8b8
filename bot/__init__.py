"""The SBD Animal Telegram bot (python-telegram-bot v22)."""
