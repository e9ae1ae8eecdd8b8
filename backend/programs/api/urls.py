from django.urls import path

from .views import DoneView, ProgramView, RemindersView, StreakView

urlpatterns = [
    path("program/", ProgramView.as_view(), name="program"),
    path("program/done/", DoneView.as_view(), name="program-done"),
    path("reminders/", RemindersView.as_view(), name="reminders"),
    path("streak/", StreakView.as_view(), name="streak"),
]
