from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "backend.inquiries"
    label = "inquiries"
    verbose_name = "Inquiries"
