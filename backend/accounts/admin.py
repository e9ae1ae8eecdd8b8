from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("id", "email", "display_name", "telegram_id", "is_active", "is_staff")
    search_fields = ("email", "display_name", "telegram_username")
    list_filter = ("is_active", "is_staff", "sex")
