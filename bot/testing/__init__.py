"""Test and local-chat infrastructure, never imported by the product (an import contract of
`make lint`): the loopback Bot API server (`local_api`), the real bot process run against it
(`process`) and the terminal chat of `python -m bot --local` (`local_chat`)."""
