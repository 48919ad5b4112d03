"""Template helpers of the public site: amounts in yuan, page numbers.

`{{ amount|yuan }}` → ¥150,000 (fen kept when there are any: ¥12,345.50);
`{{ amount|wan }}` → 15 万元 (amounts of 10,000 yuan and more; smaller ones in yuan);
`{% page_numbers page_obj as numbers %}` → 1 … 4 5 6 7 8 … 58, Django's elided range.
"""

from django import template
from django.core.paginator import Paginator

from catalog.money import wan, yuan

register = template.Library()


register.filter("yuan", yuan)
register.filter("wan", wan)


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
