from django.urls import include, path

from bench.views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("warp.urls")),
]
handler403 = "warp.pages.permission_denied"
handler404 = "warp.pages.page_not_found"
handler500 = "warp.pages.server_error"
