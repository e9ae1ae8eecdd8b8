from django.urls import path
from rest_framework.routers import DefaultRouter

from .coaching import (
    CaloriesView,
    CoachingTablesView,
    PlateSetupView,
    PlatesView,
    ReportChartView,
    ReportView,
    RpeView,
    ScoresView,
    WarmupView,
)
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
    path("plates/", PlatesView.as_view(), name="plates"),
    path("plate-setup/", PlateSetupView.as_view(), name="plate-setup"),
    path("warmup/", WarmupView.as_view(), name="warmup"),
    path("rpe/", RpeView.as_view(), name="rpe"),
    path("scores/", ScoresView.as_view(), name="scores"),
    path("report/", ReportView.as_view(), name="report"),
    path("report.png", ReportChartView.as_view(), name="report-chart"),
    path("calories/", CaloriesView.as_view(), name="calories"),
    path("coaching-tables/", CoachingTablesView.as_view(), name="coaching-tables"),
    *router.urls,
]
