"""Choosers with search for the listing forms: service domains and providers.

Wagtail's snippet chooser only searches models in its search index and lists every row
of the model. Listings take a second-level domain only (the 二级目录 of 000 attachment 1),
and there are thousands of providers: these choosers offer the second-level entries
only, and search the database directly, by code and name (domains), by name and unified
social credit code (providers), typed in half- or full-width characters.
"""

import unicodedata

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from .models import Provider, ServiceDomain


class LookupFilterForm(BaseFilterForm):
    lookup_fields: tuple[str, ...] = ()
    placeholder = _("输入名称搜索")

    q = forms.CharField(label=_("搜索"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def filter(self, objects):
        objects = super().filter(objects)
        query = unicodedata.normalize("NFKC", self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for field in self.lookup_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class DomainFilterForm(LookupFilterForm):
    lookup_fields = ("code", "name", "parent__name")
    placeholder = _("输入编号或名称，如 6.2 或 心理")


class ProviderFilterForm(LookupFilterForm):
    lookup_fields = ("name", "credit_code")
    placeholder = _("输入社会组织名称或统一社会信用代码")


class DomainChooserMixin:
    filter_form_class = DomainFilterForm

    def get_object_list(self):
        return ServiceDomain.objects.filter(parent__isnull=False).select_related("parent")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("parent", label=_("一级目录"), accessor=lambda d: f"{d.parent.code} {d.parent.name}"),
        ]


class ProviderChooserMixin:
    filter_form_class = ProviderFilterForm

    def get_object_list(self):
        return Provider.objects.select_related("district").order_by("name")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("credit_code", label=_("统一社会信用代码")),
            Column("district", label=_("所在区"), accessor=lambda p: p.district.name if p.district_id else "市级"),
        ]


class DomainChooseView(DomainChooserMixin, ChooseView):
    pass


class DomainChooseResultsView(DomainChooserMixin, ChooseResultsView):
    pass


class ProviderChooseView(ProviderChooserMixin, ChooseView):
    pass


class ProviderChooseResultsView(ProviderChooserMixin, ChooseResultsView):
    pass


class DomainChooserViewSet(SnippetChooserViewSet):
    choose_view_class = DomainChooseView
    choose_results_view_class = DomainChooseResultsView


class ProviderChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ProviderChooseView
    choose_results_view_class = ProviderChooseResultsView
