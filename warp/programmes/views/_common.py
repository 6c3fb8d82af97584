from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from warp.core.forms import add_service_errors


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back: str,
    save: Callable[[dict], object],
    done: str,
    message: str,
    intro: str = "",
    button: str = "Save",
) -> HttpResponse:
    """The shape every programmes form shares: show, validate, call one service, redirect; a service's
    refusal is shown on the form, keeping what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(done)
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "button": button},
    )
