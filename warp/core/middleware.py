"""Response headers Django's SecurityMiddleware does not send: a Content Security Policy, and no-store for
anything shown to a signed-in person (their pages carry personal, often health, data)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# No 'unsafe-inline' anywhere: pages have no inline scripts, no <style> blocks and no style="" attributes;
# charts are <img src="data:image/svg+xml;..."> (allowed by img-src data:). Server-side PDFs are not pages.
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy to every response, and Cache-Control: no-store to every response for a
    signed-in person unless the view chose its own Cache-Control (e.g. a calendar feed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = getattr(settings, "WARP_CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
