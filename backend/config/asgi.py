import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

from backend.workouts.apps import require_percentile_model

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
application = get_asgi_application()
# Each ASGI request runs its sync code in a new thread: a connection kept past the request
# (CONN_MAX_AGE > 0) is never reused nor closed, and the server runs out of connections.
if any(db.get("CONN_MAX_AGE", 0) != 0 for db in settings.DATABASES.values()):
    raise ImproperlyConfigured("DATABASE_CONN_MAX_AGE must be 0 under ASGI (uvicorn)")
# a server that cannot rank does not start (manage.py commands get the same as a system check)
require_percentile_model()
