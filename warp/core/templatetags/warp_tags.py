import base64

from django import template

register = template.Library()


@register.filter
def svg_data_uri(svg: str) -> str:
    """An inline SVG as a data: URI, for <img> in PDFs (WeasyPrint draws SVG images fully, inline SVG less so)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
