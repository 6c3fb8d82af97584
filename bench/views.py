from django.shortcuts import render

from warp.accounts.access import public


@public
def floor(request):
    """The floor every page is measured against: middleware, session, user, menu and base template, no data."""
    return render(request, "bench/floor.html")
