"""Template helpers of the public site: amounts in yuan, page numbers.

`{{ amount|yuan }}` → ¥150,000 (fen kept when there are any: ¥12,345.50);
`{{ amount|wan }}` → 15 万元 (amounts of 10,000 yuan and more; smaller ones in yuan);
`{% page_numbers page_obj as numbers %}` → 1 … 4 5 6 7 8 … 58, Django's elided range.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.core.paginator import Paginator

register = template.Library()


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def yuan(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        return f"¥{int(amount):,}"
    return f"¥{amount:,.2f}"


@register.filter
def wan(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    if abs(amount) < 10_000:
        return f"{yuan(amount)[1:]} 元"
    in_wan = (amount / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = f"{in_wan:,f}"
    return f"{text} 万元"


@register.simple_tag
def page_numbers(page_obj, on_each_side=2, on_ends=1) -> list:
    paginator: Paginator = page_obj.paginator
    return list(
        paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    )


@register.filter
def readable(value):
    """Python values as a Chinese reader expects them: 是/否, — for nothing."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "—"
    return value
