from django.urls import path, re_path

from . import views

urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/model/<str:name>", views.model_file, name="calculator-model"),
    re_path(r"^calculator/(?P<path>.+)$", views.calculator, name="calculator-file"),
    path("admin-app/", views.admin_app, name="admin-app"),
    re_path(r"^admin-app/(?P<path>.+)$", views.admin_app, name="admin-app-route"),
]
