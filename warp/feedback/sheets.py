"""An anonymous feedback link made printable: its QR code (SVG) and a sheet to hand out at the last
session (PDF by WeasyPrint, from feedback/link_sheet.html)."""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string

from warp.prospectus.models import CourseRun


def link_qr_svg(url: str) -> bytes:
    """The link as a QR code: an SVG of black squares, with the quiet border phone cameras need.

    Error correction M (about 15% may be smudged or folded and it still reads)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="utf-8")


def link_sheet_html(*, run: CourseRun, url: str, last_session=None) -> str:
    qr = base64.b64encode(link_qr_svg(url)).decode("ascii")
    return render_to_string(
        "feedback/link_sheet.html",
        {
            "run": run,
            "url": url,
            "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
            "last_session": last_session,
            "centre_name": settings.CENTRE_NAME,
        },
    )


def link_sheet_pdf(*, run: CourseRun, url: str, last_session=None) -> bytes:
    from weasyprint import HTML

    return HTML(string=link_sheet_html(run=run, url=url, last_session=last_session)).write_pdf()
