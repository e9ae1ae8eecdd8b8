from django.contrib import admin

from .models import Inquiry, InquiryMessage


class InquiryMessageInline(admin.TabularInline):
    model = InquiryMessage
    extra = 0
    raw_id_fields = ("author",)


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "user", "category", "status", "assignee", "created_at")
    list_filter = ("status", "category")
    search_fields = ("title", "body", "user__email")
    raw_id_fields = ("user", "assignee")
    inlines = (InquiryMessageInline,)
