"""The RSS floor of bench/webhook.py: the web service's ASGI app without the percentile model.

The same Django ASGI application as `backend.config.asgi` (every URL's view imported, the bot's
webhook served), minus `require_percentile_model()`: served by the same uvicorn flags as
compose/start/web and sent an update that ranks nothing, it is the web worker without the model.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
application = get_asgi_application()

import backend.config.urls  # noqa: E402,F401  (every view, as a worker that has served requests)
