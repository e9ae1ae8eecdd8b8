from django.apps import AppConfig


class WebConfig(AppConfig):
    """Serves the built front end: the calculator page, the React admin and the TF.js model."""

    name = "backend.web"
    label = "web"
