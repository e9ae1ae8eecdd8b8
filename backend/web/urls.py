from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="calculator"), name="home"),
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/model/<str:name>", views.model_file, name="calculator-model"),
    path("admin-app/", views.admin_app, name="admin-app"),
    re_path(r"^admin-app/(?P<path>.+)$", views.admin_app, name="admin-app-route"),
]
