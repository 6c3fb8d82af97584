from django.shortcuts import render

from warp.accounts.access import public


@public
def register(request):
    # Placeholder until the registration form lands (issue 2); replaced in this same session.
    return render(request, "core/home.html")
