"""Filters of the notice lists (政策法规, 公示公告): by year, level, district and issuing body."""

import django_filters
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import NoticeLevel


class NoticeFilter(django_filters.FilterSet):
    """Choices are taken from the notices the list shows, so no filter offers an empty result."""

    year = django_filters.ChoiceFilter(
        label=_("年份"), field_name="issue_date", lookup_expr="year", empty_label=_("全部年份")
    )
    level = django_filters.ChoiceFilter(
        label=_("层级"), choices=NoticeLevel.choices, empty_label=_("市级和区级")
    )
    district = django_filters.ChoiceFilter(
        label=_("区"), field_name="district__code", empty_label=_("全部区")
    )
    issuing_body = django_filters.ChoiceFilter(label=_("发文机关"), empty_label=_("全部机关"))
    q = django_filters.CharFilter(label=_("标题或文号"), method="filter_text")

    def __init__(self, data=None, queryset=None, *, notices=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        notices = notices if notices is not None else queryset
        plain = notices.order_by()
        years = (
            plain.exclude(issue_date=None)
            .annotate(y=ExtractYear("issue_date"))
            .values_list("y", flat=True)
            .distinct()
        )
        self.filters["year"].extra["choices"] = [
            (str(y), f"{y}年") for y in sorted(set(years), reverse=True)
        ]
        bodies = plain.values_list("issuing_body", flat=True).distinct()
        self.filters["issuing_body"].extra["choices"] = [(b, b) for b in sorted(set(bodies)) if b]
        districts = (
            plain.exclude(district=None).values_list("district__code", "district__name").distinct()
        )
        self.filters["district"].extra["choices"] = sorted(set(districts))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))
