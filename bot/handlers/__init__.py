"""Telegram handlers, one module per feature; `bot.application` wires them."""
