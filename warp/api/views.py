"""Pages: the administrators' API tokens page, and the API's documentation (rendered on the server from
the OpenAPI schema: no script and nothing fetched from elsewhere, so the site's CSP holds)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe
from drf_spectacular.generators import SchemaGenerator

from warp.accounts.access import SignedInRequest, public, role_required
from warp.accounts.models import Role
from warp.api.access import get_token_for
from warp.api.forms import ApiTokenForm
from warp.api.models import ApiToken
from warp.api.services import api_token_create, api_token_revoke
from warp.core.forms import add_service_errors

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@role_required(Role.ADMINISTRATOR)
def token_list(request: SignedInRequest) -> HttpResponse:
    """Every API token, and a form to make one; a new token is shown once, on the page that made it."""
    form = ApiTokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, plain = api_token_create(
                user=data["email"], name=data["name"], days=data["days"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            made = {"token": token, "plain": plain}
            form = ApiTokenForm()
    tokens = list(ApiToken.objects.for_list())  # one query: each token with its person and maker
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "made": made})


@role_required(Role.ADMINISTRATOR)
@require_POST
def token_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    token = get_token_for(request.user, pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("api:token-list")


def _operations(schema: dict) -> list[dict]:
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHOD_ORDER:
            if method in item:
                operation = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary") or operation.get("description", ""),
                        "parameters": operation.get("parameters", []),
                        "statuses": sorted(operation.get("responses", {})),
                    }
                )
    return found


@public
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, from the same schema /api/schema/ serves."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/docs.html", {"schema": schema, "operations": _operations(schema)})


@public
@require_safe
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a 404 in JSON, as the API's own 404s are, not the site's page."""
    return JsonResponse({"detail": "Not found. The API's addresses are listed at /api/docs/."}, status=404)
