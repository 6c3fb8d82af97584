from django.contrib import admin

from warp.impact.models import WorkshopTheme


@admin.register(WorkshopTheme)
class WorkshopThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
