"""Matching's screens: a demand listing's suitable providers, a user's fitting listings,
following, and the public one-click unsubscribe page.

The admin views are mounted by matching.viewsets (through ScopedViewSetMixin, so a
demand listing outside the user's scope is not found); providers never see another
provider's score: the demand view refuses them, and their own list shows only their
own score.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts.access import account_of, role_of
from accounts.roles import Role
from accounts.scoped_views import visible_to
from catalog.models import DemandListing

from . import tokens
from .facts import match_demand, match_provider, matched_demands
from .follows import follow_label
from .models import AlertSettings, Follow, SavedSearch, Target

PANEL_ROWS = 5


def may_see_scores(user) -> bool:
    """Providers see only their own score (on their own list), never a demand's ranking;
    experts (who score nomination applications) have no part in matching."""
    role = role_of(user)
    return role not in (Role.PROVIDER, Role.EXPERT) and (user.is_superuser or role is not None)


def demand_context(listing, limit=20) -> dict:
    found = match_demand(listing, limit=limit)
    return {
        "listing": listing,
        "matches": found.matches,
        "excluded": found.excluded,
        "candidates": found.candidates,
    }


class DemandMatchesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "matching/admin/demand_matches.html"
    page_title = _("匹配推荐")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, pk):
        if not may_see_scores(request.user):
            raise Http404
        self.listing = get_object_or_404(
            visible_to(request.user, DemandListing).select_related(
                "domain", "district", "purchaser"
            ),
            pk=pk,
        )
        return self.render_to_response(self.get_context_data(**demand_context(self.listing, 50)))

    def get_page_subtitle(self):
        return str(self.listing)


class IndexView(WagtailAdminTemplateMixin, TemplateView):
    """A provider: the open demand listings that fit it. Others: the open demand listings
    they may see, each with a link to its suitable providers."""

    template_name = "matching/admin/index.html"
    page_title = _("匹配推荐")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        account = account_of(user)
        if account is not None and account.role == Role.PROVIDER:
            found = match_provider(account.provider_id, limit=50)
            context.update(provider=found.provider, matches=found.matches, is_provider=True)
            return context
        if not may_see_scores(user):
            raise PermissionDenied
        demands = (
            matched_demands()
            .filter(pk__in=visible_to(user, DemandListing).values("pk"))
            .select_related("purchaser", "domain", "district")
            .order_by("-first_published_at", "-pk")
        )
        context["page_obj"] = Paginator(demands, 30).get_page(self.request.GET.get("page"))
        return context


class FollowToggleView(WagtailAdminTemplateMixin, TemplateView):
    """GET: a page asking to follow (or stop following) one record; POST: does it."""

    template_name = "matching/admin/follow_confirm.html"
    page_title = _("关注")
    header_icon = "pick"

    def dispatch(self, request, target, object_id):
        if target not in Target.values:
            raise Http404
        self.target, self.object_id = target, object_id
        self.label = follow_label(target, object_id)
        if self.label is None:
            raise Http404
        self.follow = Follow.objects.filter(
            user=request.user, target=target, object_id=object_id
        ).first()
        return super().dispatch(request, target=target, object_id=object_id)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            label=self.label,
            kind=Target(self.target).label,
            following=self.follow is not None,
            next=self.request.GET.get("next", ""),
        )
        return context

    def post(self, request, target, object_id):
        if self.follow is not None:
            self.follow.delete()
            messages.success(request, _("已取消关注「%(label)s」。") % {"label": self.label})
        else:
            Follow.objects.create(
                user=request.user, target=target, object_id=object_id, label=self.label
            )
            messages.success(
                request,
                _("已关注「%(label)s」：有变更时将通过站内消息和电子邮件通知您。")
                % {"label": self.label},
            )
        return redirect(reverse("matching_follows:index"))


def demand_panel(request, listing) -> str:
    """The suitable providers on a demand listing's edit screen (catalog's HookPanel)."""
    if not may_see_scores(request.user):
        return ""
    context = demand_context(listing, PANEL_ROWS)
    context["more_url"] = reverse("matching:demand", args=[listing.pk])
    return render_to_string("matching/panels/demand.html", context, request=request)


# --- public: one-click unsubscribe -----------------------------------------------------

UNSUBSCRIBED = {
    "search": _("已退订该检索订阅的通知。"),
    "new_listings": _("已退订与本机构相符的新需求项目提醒。"),
    "deadlines": _("已退订需求项目截止提醒。"),
    "follow": _("已取消该关注，不再接收其更新通知。"),
}


CONFIRM = {
    "search": _("退订该检索订阅的通知？"),
    "new_listings": _("退订与本机构相符的新需求项目提醒？"),
    "deadlines": _("退订需求项目截止提醒？"),
    "follow": _("取消该关注，不再接收其更新通知？"),
}


def _unsubscribe(kind: str, pk: int) -> bool:
    if kind == "search":
        return SavedSearch.objects.filter(pk=pk).update(active=False) > 0
    if kind == "follow":
        return Follow.objects.filter(pk=pk).delete()[0] > 0
    field = {"new_listings": "new_listings", "deadlines": "deadline_reminders"}[kind]
    if not get_user_model().objects.filter(pk=pk).exists():
        return False
    AlertSettings.objects.update_or_create(user_id=pk, defaults={field: False})
    return True


# csrf_exempt: RFC 8058's one-click POST comes from mail clients (the signed token is the
# credential); never_cache: the page cache must not answer a later click.
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(View):
    """The e-mails' link. GET asks (one button); POST unsubscribes, from that button or from
    the mail client's List-Unsubscribe-Post (RFC 8058). GET never changes anything: mail
    scanners and link previews open every link of a message, and RFC 8058 forbids it."""

    def _read(self, request, token):
        found = tokens.read(token)
        if found is None:
            return None, TemplateResponse(
                request, "matching/unsubscribe.html", {"invalid": True}, status=400
            )
        return found, None

    def get(self, request, token):
        found, refused = self._read(request, token)
        if refused:
            return refused
        return TemplateResponse(
            request, "matching/unsubscribe.html", {"confirm": CONFIRM[found[0]]}
        )

    def post(self, request, token):
        found, refused = self._read(request, token)
        if refused:
            return refused
        _unsubscribe(*found)
        return TemplateResponse(
            request, "matching/unsubscribe.html", {"message": UNSUBSCRIBED[found[0]]}
        )
