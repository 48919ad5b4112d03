"""Matching's admin screens as Wagtail viewsets, each through ScopedViewSetMixin.

- 匹配推荐 (`matching`): a demand listing's suitable providers (`demand/<pk>/`, scoped
  like the listing itself) and each user's list (providers: the listings that fit them);
- 我的订阅 (`matching_saved_searches`): saved searches, the user's own only;
- 我的关注 (`matching_follows`): follows, the user's own only, and the follow button's page.
"""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.access import role_of
from accounts.roles import Role
from accounts.scoped_views import ScopedViewSetMixin
from catalog.models import DemandListing, ServiceDomain

from .models import Follow, SavedSearch
from .permissions import may_use_admin
from .views import DemandMatchesView, FollowToggleView, IndexView, may_see_scores

EMAIL_NOTICE = _(
    "保存后，平台会按您选择的频率，把符合条件的新发布需求项目通过站内消息和电子邮件"
    "（发送至您账号的邮箱）通知您；每封邮件都附有一键退订链接。"
)


class SignedInMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_admin(request.user)


class MatchingMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return may_use_admin(user) and (may_see_scores(user) or role_of(user) == Role.PROVIDER)


class MatchingViewSet(ScopedViewSetMixin, ViewSet):
    model = DemandListing  # the pk of demand/<pk>/ is a demand listing, scoped like its index
    name = "matching"
    url_prefix = "matching"
    icon = "group"
    menu_label = _("匹配推荐")
    menu_order = 45
    add_to_admin_menu = True
    menu_item_class = MatchingMenuItem

    @property
    def menu_url(self):
        return reverse("matching:index")

    def get_urlpatterns(self):
        return [
            path("", self.construct_view(IndexView), name="index"),
            path("demand/<int:pk>/", self.construct_view(DemandMatchesView), name="demand"),
        ]


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "query", "domain", "district", "frequency", "active"]
        help_texts = {"active": EMAIL_NOTICE}

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = ServiceDomain.objects.select_related("parent")

    def clean(self):
        data = super().clean()
        if not (data.get("query") or data.get("domain") or data.get("district")):
            raise forms.ValidationError(_("请至少填写关键词、业务领域或实施区域中的一项。"))
        return data


class OwnerCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.user = self.request.user
        instance.save()
        return instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email_notice"] = EMAIL_NOTICE
        return context


class SavedSearchIndexView(generic.IndexView):
    template_name = "matching/admin/saved_search_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email_notice"] = EMAIL_NOTICE
        return context


class SavedSearchViewSet(ScopedViewSetMixin, ModelViewSet):
    model = SavedSearch
    name = "matching_saved_searches"
    url_prefix = "matching/searches"
    icon = "search"
    menu_label = _("我的订阅")
    menu_order = 46
    add_to_admin_menu = True
    menu_item_class = SignedInMenuItem
    form_fields = SavedSearchForm.Meta.fields
    add_view_class = OwnerCreateView
    index_view_class = SavedSearchIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "name",
        "query",
        Column("domain", label=_("业务领域")),
        Column("district", label=_("实施区域")),
        "frequency",
        BooleanColumn("active", label=_("发送通知")),
        DateColumn("last_sent_at", label=_("最近发送")),
        TitleColumn(
            "feed",
            label=_("Atom 订阅源"),
            accessor=lambda search: _("订阅源") if search.feed_url() else "",
            get_url=lambda search: search.feed_url() or None,
        ),
    ]

    @property
    def menu_url(self):
        return reverse(f"{self.name}:index")

    def get_form_class(self, for_update=False):
        return SavedSearchForm

    def get_queryset(self, request):
        return SavedSearch.objects.filter(user=request.user).select_related("domain", "district")


class FollowIndexView(generic.IndexView):
    """Follows are made with the follow button, not a form: no add, edit or copy links."""

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None


class FollowViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Follow
    name = "matching_follows"
    url_prefix = "matching/follows"
    icon = "pick"
    menu_label = _("我的关注")
    menu_order = 47
    add_to_admin_menu = True
    menu_item_class = SignedInMenuItem
    index_view_class = FollowIndexView
    form_fields = ["label"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "label",
        Column("target", label=_("关注对象"), accessor="get_target_display"),
        DateColumn("created_at", label=_("关注时间")),
    ]

    @property
    def menu_url(self):
        return reverse(f"{self.name}:index")

    def get_queryset(self, request):
        return Follow.objects.filter(user=request.user)

    def get_delete_view_kwargs(self, **kwargs):
        # A follow is used nowhere: no usage screen (and no link to one).
        return super().get_delete_view_kwargs(usage_url_name=None, **kwargs)

    def get_urlpatterns(self):
        # Follows are made with the follow button (toggle/), not a form: no add or edit.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("delete/<str:pk>/", self.delete_view, name="delete"),
            path(
                "toggle/<str:target>/<int:object_id>/",
                self.construct_view(FollowToggleView),
                name="toggle",
            ),
        ]
