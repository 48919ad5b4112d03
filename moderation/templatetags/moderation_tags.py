"""Template tags for public pages of other apps: the link to report a record.

{% load moderation_tags %}{% report_url listing as url %}{% if url %}<a href="{{ url }}">举报</a>{% endif %}
"""

from django import template
from django.urls import reverse

register = template.Library()

KINDS = {
    "DemandListing": "demand",
    "SupplyListing": "supply",
    "Provider": "provider",
    "Purchaser": "purchaser",
}


@register.simple_tag
def report_url(obj) -> str:
    kind = KINDS.get(type(obj).__name__)
    if kind is None or getattr(obj, "pk", None) is None:
        return ""
    return reverse("moderation:report", args=[kind, obj.pk])
