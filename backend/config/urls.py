from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.web.health import HealthView

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("backend.accounts.api.urls")),
    path("api/", include("backend.workouts.api.urls")),
    path("api/", include("backend.inquiries.api.urls")),
    path("api/", include("backend.programs.api.urls")),
    path("api/backoffice/", include("backend.backoffice.api.urls")),
    # the bot mounts its webhook here by dotted path: the backend never imports the bot package
    path("telegram/", include("bot.urls")),
    path("health/", HealthView.as_view(), name="health"),
    path("", include("backend.web.urls")),
]
