import os

from django.core.wsgi import get_wsgi_application

from backend.workouts.apps import require_percentile_model

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
application = get_wsgi_application()
# a server that cannot rank does not start (manage.py commands get the same as a system check)
require_percentile_model()
