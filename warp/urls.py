from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("warp.core.urls")),
    path("account/", include("warp.accounts.urls")),
    path("account/", include("warp.accounts.allauth_urls")),
    path("students/", include("warp.students.urls")),
    path("prospectus/", include("warp.prospectus.urls")),
    path("bookings/", include("warp.bookings.urls")),
    path("feedback/", include("warp.feedback.urls")),
    path("teams/", include("warp.teams.urls")),
    path("reports/", include("warp.evaluation.urls")),
    path("privacy/", include("warp.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "warp.core.views.permission_denied"
handler404 = "warp.core.views.page_not_found"
handler500 = "warp.core.views.server_error"
