"""Safe output: the Content Security Policy, no-store on signed-in pages, no inline styles or scripts in
pages, charts as images, and production settings that pass `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

import warp

WARP_DIR = Path(warp.__file__).parent
# Templates WeasyPrint turns into PDFs on the server: never sent to a browser, so the CSP does not apply.
PDF_TEMPLATES = {
    "bookings/certificate.html",
    "bookings/register_pdf.html",
    "evaluation/report_print.html",
    "feedback/link_sheet.html",
    "measures/report_print.html",
    "network/report_print.html",
    "partnership/report_print.html",
    # Not a PDF, but likewise never served: the file `warp report partnership --format html` writes to disk.
    "partnership/report_standalone.html",
    "privacy/bundle_print.html",
    "prospectus/term_pdf.html",
    "teams/register_print.html",
    "teams/round_poster.html",
}


def test_every_response_carries_a_content_security_policy_without_unsafe_inline(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "img-src 'self' data:" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_never_cached(client_for):
    page = client_for("centre_manager").get(reverse("students:student-list"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in page


def _page_templates():
    for path in sorted(WARP_DIR.glob("**/templates/**/*.html")):
        name = path.relative_to(_templates_root(path)).as_posix()
        if name not in PDF_TEMPLATES:
            yield name, path.read_text(encoding="utf-8")


def _templates_root(path: Path) -> Path:
    while path.name != "templates":
        path = path.parent
    return path


def test_no_page_template_has_inline_styles_or_scripts():
    offenders = []
    for name, text in _page_templates():
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{name}: inline style")
        for script in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in script:
                offenders.append(f"{name}: inline script")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{name}: inline event handler")
    assert offenders == [], "The CSP blocks these; use warp.css classes and static .js files: " + ", ".join(
        offenders
    )


def test_the_pdf_template_list_names_real_templates():
    names = {p.relative_to(_templates_root(p)).as_posix() for p in WARP_DIR.glob("**/templates/**/*.html")}
    assert PDF_TEMPLATES <= names


@pytest.mark.django_db
def test_evaluation_report_page_draws_its_charts_as_images_not_inline_svg(client_for):
    from tests.evaluation.factories import student

    student(registered_on=date(2013, 10, 1), date_of_birth=date(1970, 3, 4), gender="woman")
    page = client_for("centre_manager").get(reverse("evaluation:report") + "?start=2013-09-01&end=2014-08-07")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" not in text  # matplotlib's SVG carries style="" attributes the CSP would block
    assert text.count('src="data:image/svg+xml;base64,') >= 1


def _deploy_check(extra_env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "SECRET_KEY"))}
    env |= {"WARP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "warp.settings"} | extra_env
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "warp.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "rec.example.org",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
}


def test_check_deploy_with_production_settings_reports_nothing(tmp_path):
    result = _deploy_check(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_with_local_defaults_warns_about_https(tmp_path):
    result = _deploy_check({}, tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def _inline_offences(html: str) -> list[str]:
    found = []
    if re.search(r"<[a-zA-Z][^>]*\sstyle\s*=", html) or "<style" in html:
        found.append("inline style")
    found += ["inline script" for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    if re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html):
        found.append("inline event handler")
    return found


@pytest.mark.django_db
def test_admin_and_sign_in_pages_render_nothing_the_csp_would_block(client_for, personas):
    """Pages drawn from Django's and allauth's own templates, which the template scan above cannot see."""
    from tests.factories import make_student

    someone = make_student(first_name="Ada", last_name="Example")
    admin = client_for("administrator")
    pages = {
        "admin index": admin.get(reverse("admin:index")),
        "admin student list": admin.get(reverse("admin:students_student_changelist")),
        "admin student": admin.get(reverse("admin:students_student_change", args=[someone.pk])),
        "admin audit log": admin.get(reverse("admin:audit_auditentry_changelist")),
        "admin users": admin.get(reverse("admin:accounts_user_changelist")),
        "two-step security": admin.get(reverse("mfa_index")),
        "sign in": client_for("anonymous").get(reverse("account_login")),
        "password reset": client_for("anonymous").get(reverse("account_reset_password")),
    }
    offences = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        offences += [f"{name}: {what}" for what in _inline_offences(response.content.decode())]
    assert offences == [], offences
