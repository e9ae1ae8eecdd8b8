from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "backend.backoffice"
    label = "backoffice"
    verbose_name = "Back office"
