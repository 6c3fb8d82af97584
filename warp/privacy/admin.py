from django.contrib import admin

from warp.students.models import PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Publish a new version here; the newest published one is what people agree to from then on."""

    list_display = ["version", "published_on"]
