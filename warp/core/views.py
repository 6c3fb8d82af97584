from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from warp.accounts.access import public


@public
@require_safe
def home(request):
    """Public welcome page; signed-in people go to the page their role starts from."""
    if request.user.is_authenticated:
        return redirect(request.user.start_url())
    return render(request, "core/home.html")


@public
@require_safe
def accessibility(request):
    return render(request, "core/accessibility.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
