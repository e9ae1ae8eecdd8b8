from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from backend.accounts.throttles import throttled_login
from backend.config.media import media_file
from backend.web.health import HealthView

urlpatterns = [
    path("django-admin/login/", throttled_login(admin.site.login)),
    path("django-admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("backend.accounts.api.urls")),
    path("api/", include("backend.workouts.api.urls")),
    path("api/", include("backend.inquiries.api.urls")),
    path("api/", include("backend.programs.api.urls")),
    path("api/backoffice/", include("backend.backoffice.api.urls")),
    # the bot mounts its webhook here by dotted path: the backend never imports the bot package
    path("telegram/", include("bot.urls")),
    path("health/", HealthView.as_view(), name="health"),
    re_path(r"^media/(?P<path>.+)$", media_file, name="media"),
    path("", include("backend.web.urls")),
]
