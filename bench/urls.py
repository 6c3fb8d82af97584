from django.urls import include, path

from bench.views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("warp.urls")),
]
handler403 = "warp.core.views.permission_denied"
handler404 = "warp.core.views.page_not_found"
handler500 = "warp.core.views.server_error"
