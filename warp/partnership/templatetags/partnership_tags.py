from django import template

from warp.partnership.document import Value
from warp.partnership.values import value_text

register = template.Library()


@register.filter
def shown(value: Value) -> str:
    """A report value as the PDF and the Word document show it too (`warp.partnership.values.value_text`)."""
    return value_text(value)
