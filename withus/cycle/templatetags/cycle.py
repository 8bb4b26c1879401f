"""Small display filters for commissioning pages."""

from decimal import Decimal
from fractions import Fraction

from django import template

from withus.cycle.models import Stage

register = template.Library()
_STAGES = dict(Stage.choices)


@register.filter
def stage_label(value: str) -> str:
    return str(_STAGES.get(value, value))


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def hours(value) -> str:
    """Hours with no needless zeros: 12, 7.5, 0.25."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    amount = Decimal(value).quantize(Decimal("0.01"))
    text = f"{amount:f}".rstrip("0").rstrip(".")
    return text or "0"


@register.filter
def pounds(value) -> str:
    """Money as people read it: £18,500,000.00."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
