from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

# The Django admin has no sign-in form of its own: /admin/login/ sends people to WaRP's sign-in (password,
# lockout, second factor) and back, and refuses (403) someone signed in who is not an administrator. Its
# password-change page is WaRP's, which counts wrong current passwords toward the same lockout.


def _admin_password_change(request, extra_context=None):
    return redirect("accounts:password-change")


admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.password_change = _admin_password_change  # type: ignore[method-assign,assignment]

urlpatterns = [
    path("", include("warp.pages")),
    path("account/", include("warp.accounts.urls")),
    path("account/", include("warp.accounts.allauth_urls")),
    path("students/", include("warp.students.urls")),
    path("prospectus/", include("warp.prospectus.urls")),
    path("bookings/", include("warp.bookings.urls")),
    path("feedback/", include("warp.feedback.urls")),
    path("service-use/", include("warp.service_use.urls")),
    path("measures/", include("warp.measures.urls")),
    path("teams/", include("warp.teams.urls")),
    path("impact/", include("warp.impact.urls")),
    path("quotes/", include("warp.quotes.urls")),
    path("outreach/", include("warp.outreach.urls")),
    path("programmes/", include("warp.programmes.urls")),
    path("reports/", include("warp.evaluation.urls")),
    path("privacy/", include("warp.privacy.urls")),
    path("network/", include("warp.network.urls")),
    path("imports/", include("warp.importers")),
    path("api/", include("warp.api.urls")),
    path("partnership/", include("warp.partnership.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "warp.pages.permission_denied"
handler404 = "warp.pages.page_not_found"
handler500 = "warp.pages.server_error"
