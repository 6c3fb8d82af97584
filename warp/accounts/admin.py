"""Staff accounts are made and named here. What a service owns is not: switching an account off or on
(the access review, which ends its sessions and keeps the last administrator), deleting one (switch it off
instead: the audit log and records keep who they were), and second-factor apps (reset on the access review)."""

import allauth.mfa.admin  # registers allauth's own admin first, so it can be replaced below
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse

from warp.accounts.models import User
from warp.audit.admin import StudentAuditedAdmin
from warp.core.admin import ServiceOwnedAdmin


@admin.register(User)
class UserAdmin(StudentAuditedAdmin, BaseUserAdmin):
    student_path = "student"  # a student's own sign-in shows who they are: audited like their record
    list_select_related = ["student"]
    readonly_fields = ["is_active", "last_login", "date_joined"]
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "trainer_kind", "is_active", "last_login"]
    list_filter = ["role", "trainer_kind", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Role", {"fields": ["role", "trainer_kind", "is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "trainer_kind", "password1", "password2"]}),
    ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ServiceOwnedAdmin, allauth.mfa.admin.AuthenticatorAdmin):
    """Set up by the person at sign-in; reset ("lost phone") on the access review, which also ends sessions."""

    def warp_url(self, obj):
        return reverse("accounts:access-review")


# Signing in with an organisation's account: providers come from WARP_OIDC_PROVIDERS (not the database), the
# provider's tokens are never stored, and links are made by signing in and removed on the roles page.
import allauth.socialaccount.admin  # noqa: E402 - registers allauth's own admin first, replaced below
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken  # noqa: E402

admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
admin.site.unregister(SocialAccount)


@admin.register(SocialAccount)
class SocialAccountAdmin(ServiceOwnedAdmin, allauth.socialaccount.admin.SocialAccountAdmin):
    """Linked by an invitation or a verified email at sign-in; unlinked on the person's roles page."""

    def warp_url(self, obj):
        return reverse("accounts:staff-roles", kwargs={"pk": obj.user_id})
