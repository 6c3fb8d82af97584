import base64

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from warp.accounts.models import User
from warp.teams.access import TEAM_EDITORS


def can_edit(user: User) -> bool:
    return user.role in TEAM_EDITORS


def pdf_response(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
