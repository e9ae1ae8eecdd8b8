from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    AuditLogViewSet,
    DailyStatsViewSet,
    DashboardView,
    ExerciseViewSet,
    InquiryViewSet,
    UserViewSet,
    WorkoutSetViewSet,
)

router = SimpleRouter()
router.register("users", UserViewSet, basename="backoffice-user")
router.register("exercises", ExerciseViewSet, basename="backoffice-exercise")
router.register("sets", WorkoutSetViewSet, basename="backoffice-set")
router.register("inquiries", InquiryViewSet, basename="backoffice-inquiry")
router.register("audit-log", AuditLogViewSet, basename="backoffice-audit-log")
router.register("daily-stats", DailyStatsViewSet, basename="backoffice-daily-stats")

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="backoffice-dashboard"),
    *router.urls,
]
