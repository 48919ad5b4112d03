"""The message inbox (消息) as a Wagtail ModelViewSet: a user's own notifications only.

Index (with an unread filter), inspect, open (marks read and follows the
notification's link, only to this site), mark read (selected, from the bulk
action, or all). Every view reads through `own(request)`, so another user's
notification is never listed, shown or changed: it is simply not found.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import ChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from .models import Notification


def own(request):
    return Notification.objects.filter(recipient=request.user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    """Mark `user`'s unread notifications read (those of `ids`, or all); how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


class InboxFilterSet(WagtailFilterSet):
    unread = ChoiceFilter(
        label=_("状态"),
        choices=[("1", _("未读")), ("0", _("已读"))],
        empty_label=_("全部消息"),
        method="filter_unread",
    )

    class Meta:
        model = Notification
        fields = []

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "1")


class IndexView(generic.IndexView):
    template_name = "notifications/index.html"
    filterset_class = InboxFilterSet
    page_title = _("消息")

    def get_base_queryset(self):
        return own(self.request)

    @property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="notification"),
            TitleColumn(
                "title",
                label=_("标题"),
                get_url=lambda n: reverse("inbox:open", args=[n.pk]),
                get_title_id=lambda n: f"notification_{n.pk}_title",
            ),
            Column("body", label=_("内容")),
            DateColumn("created_at", label=_("时间")),
            Column(
                "status",
                label=_("状态"),
                accessor=lambda n: gettext("已读") if n.read_at else gettext("未读"),
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = unread_count(self.request.user)
        return context


class InspectView(generic.InspectView):
    fields = ["title", "body", "url", "created_at", "read_at"]

    def get_object(self, queryset=None):
        return get_object_or_404(own(self.request), pk=self.pk)


class OpenView(View):
    """Mark the notification read and follow its link (only to this site)."""

    def get(self, request, pk):
        notification = get_object_or_404(own(request), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        url = notification.url
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
            return redirect(url)
        return redirect(reverse("inbox:index"))


class MarkReadView(View):
    """POST `ids` (the selected ones) or `all=1`: mark the user's own unread ones read."""

    def post(self, request):
        ids = None
        if request.POST.get("all") != "1":
            ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
        count = mark_read(request.user, ids)
        messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
        return redirect(reverse("inbox:index"))


class InboxMenuItem(MenuItem):
    """消息, with the number of unread messages."""

    def is_shown(self, request):
        policy = policy_registry.get_by_type(Notification)
        return policy.user_has_permission(request.user, "view")

    def render_component(self, request):
        count = unread_count(request.user)
        self.label = gettext("消息（%(n)d）") % {"n": count} if count else gettext("消息")
        return super().render_component(request)


class InboxViewSet(ModelViewSet):
    model = Notification
    name = "inbox"
    url_prefix = "messages"
    icon = "mail"
    menu_label = _("消息")
    menu_order = 50
    add_to_admin_menu = True
    menu_item_class = InboxMenuItem
    index_view_class = IndexView
    inspect_view_class = InspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 30
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        # Only reading: nobody adds, edits or deletes a notification here (no
        # add/edit/delete/copy/history/usage views).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/", self.open_view, name="open"),
            path("read/", self.mark_read_view, name="mark_read"),
        ]

    @property
    def open_view(self):
        return self.construct_view(OpenView)

    @property
    def mark_read_view(self):
        return self.construct_view(MarkReadView)
