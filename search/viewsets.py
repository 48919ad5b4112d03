"""Admin screens of search: the lay-term dictionary (city admins) and the search analytics
(the service centre, read only)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ClickStat, SearchStat, Synonym


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Counters are written by searches and clicks, never through a form."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["term", "variants", "enabled"]
        widgets = {"variants": forms.Textarea(attrs={"rows": 3})}


class SynonymViewSet(ModelViewSet):
    model = Synonym
    name = "synonyms"
    url_prefix = "search/synonyms"
    icon = "list-ul"
    menu_label = _("同义词")
    form_fields = ["term", "variants", "enabled"]
    # Wagtail's BooleanColumn titles its icon "True"/"False": a Chinese 是/否 instead.
    list_display = [
        "term",
        "variants",
        Column(
            "enabled",
            label=_("启用"),
            accessor=lambda synonym: _("是") if synonym.enabled else _("否"),
            sort_key="enabled",
        ),
        "updated_at",
    ]
    list_filter = ["enabled"]
    search_fields = ["term", "variants"]
    search_backend_name = None
    ordering = ["term"]

    def get_form_class(self, for_update=False):
        return SynonymForm


class SearchStatFilterSet(WagtailFilterSet):
    zero_only = BooleanFilter(
        label=_("仅看无结果的检索"), field_name="zero_results", method="filter_zero"
    )

    class Meta:
        model = SearchStat
        fields = ["month"]

    def filter_zero(self, queryset, name, value):
        return queryset.filter(zero_results__gt=0) if value else queryset


class SearchStatViewSet(ModelViewSet):
    model = SearchStat
    name = "search_stats"
    url_prefix = "search/stats"
    icon = "search"
    menu_label = _("检索统计")
    form_fields = ["query"]  # never shown: the policy refuses add/edit
    list_display = ["query", "month", "searches", "zero_results", "clicks"]
    filterset_class = SearchStatFilterSet
    list_export = ["query", "month", "searches", "zero_results", "clicks"]
    search_fields = ["query"]
    search_backend_name = None
    ordering = ["-month", "-searches"]
    list_per_page = 100


class ClickStatViewSet(ModelViewSet):
    model = ClickStat
    name = "search_clicks"
    url_prefix = "search/clicks"
    icon = "link"
    menu_label = _("结果点击")
    form_fields = ["query"]
    list_display = ["query", "title", "key", "month", "clicks"]
    list_filter = ["month"]
    list_export = ["query", "title", "key", "month", "clicks"]
    search_fields = ["query", "title"]
    search_backend_name = None
    ordering = ["-month", "-clicks"]
    list_per_page = 100


class SearchViewSetGroup(ViewSetGroup):
    menu_label = _("全文检索")
    menu_icon = "search"
    menu_order = 450
    items = (SynonymViewSet, SearchStatViewSet, ClickStatViewSet)
