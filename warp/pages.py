"""The site's own pages (welcome, accessibility statement, error pages): above every app, beside urls.py.

Their URL names keep the `core` namespace they have always had (`core:home`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_safe

from warp.accounts.access import public


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Public welcome page; signed-in people go to the page their role starts from."""
    if request.user.is_authenticated:
        return redirect(request.user.start_url())
    return render(request, "core/home.html")


@public
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


app_name = "core"
urlpatterns = [
    path("", home, name="home"),
    path("accessibility/", accessibility, name="accessibility"),
]
