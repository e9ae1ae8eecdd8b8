from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import (
    BodyweightEntryViewSet,
    CalculateView,
    ChartView,
    ExerciseStatsView,
    ExerciseViewSet,
    ImportJobView,
    ImportPreviewView,
    ImportStartView,
    PersonalRecordsView,
    WorkoutSetViewSet,
)

router = DefaultRouter()
router.register("exercises", ExerciseViewSet, basename="exercise")
router.register("sets", WorkoutSetViewSet, basename="set")
router.register("bodyweight", BodyweightEntryViewSet, basename="bodyweight")

urlpatterns = [
    path("stats/<slug:slug>/", ExerciseStatsView.as_view(), name="exercise-stats"),
    path("prs/", PersonalRecordsView.as_view(), name="personal-records"),
    path("calculate/", CalculateView.as_view(), name="calculate"),
    path("charts/<slug:exercise>.png", ChartView.as_view(), name="chart"),
    path("imports/preview/", ImportPreviewView.as_view(), name="import-preview"),
    path("imports/", ImportStartView.as_view(), name="import-start"),
    path("imports/<int:job_id>/", ImportJobView.as_view(), name="import-job"),
    *router.urls,
]
