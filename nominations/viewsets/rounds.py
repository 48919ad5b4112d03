"""The rounds screen: the round's dates, and its progress page with the round-level steps."""

from django.contrib import messages
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.scoped_views import ScopedViewSetMixin

from .. import rounds
from ..models import Round, Status
from ..permissions import round_policy


class RoundManageView(WagtailAdminTemplateMixin, TemplateView):
    """A round's progress and its round-level steps: carry-over, re-review, notice, publication."""

    template_name = "nominations/admin/round.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        # Running a round's steps changes the round.
        if not round_policy.user_has_permission(request.user, "change"):
            messages.error(request, _("只有市民政局可以管理推荐轮次"))
            return redirect("wagtailadmin_home")
        self.round = get_object_or_404(Round, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("nomination_rounds:index"), "label": _("推荐轮次")},
            {"url": "", "label": str(self.round)},
        ]

    def get_context_data(self, **kwargs):
        round_ = self.round
        context = super().get_context_data(**kwargs)
        counts = dict(round_.applications.values_list("status").annotate(n=Count("pk")))
        today = timezone.localdate()
        context.update(
            round=round_,
            today=today,
            steps=round_steps(round_, today),
            todo=rounds.outstanding(round_),
            counts=[(label, counts.get(value, 0)) for value, label in Status.choices],
            rereview=round_.applications.filter(status=Status.CITY_APPROVED)
            .select_related("provider")
            .annotate(avg_score=Avg("expert_reviews__score"), reviews=Count("expert_reviews"))
            .order_by("-avg_score"),
            summaries=round_.summaries.select_related("district"),
            objections=round_.objections.select_related("application__provider"),
            open_objections=round_.objections.filter(answered_at__isnull=True).count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step")
        try:
            if step == "carry_over":
                count = rounds.carry_over(self.round, request.user)
                messages.success(request, _("已结转 %(n)s 个原有项目") % {"n": count})
            elif step == "notice":
                page = rounds.publish_notice(self.round, request.user)
                messages.success(request, _("已发布公示：%(title)s") % {"title": page.title})
            elif step == "publish":
                page = rounds.publish_directory(self.round, request.user)
                messages.success(request, _("已发布推荐目录：%(title)s") % {"title": page.title})
            else:
                messages.error(request, _("未知操作"))
        except rounds.RoundError as error:
            messages.error(request, str(error))
        return redirect("nomination_rounds:manage", self.round.pk)


def round_steps(round_, today):
    """The round's steps with their dates and where each stands today."""
    rows = [
        (_("自荐"), round_.self_nomination_start, round_.self_nomination_end, None),
        (_("初审"), round_.self_nomination_start, round_.first_review_end, None),
        (_("复审"), round_.first_review_end, round_.rereview_end, None),
        (_("公示"), round_.notice_start, round_.notice_end, round_.notice_page_id),
        (_("发布"), round_.notice_end, round_.publication_by, round_.directory_page_id),
    ]
    steps = []
    for label, start, end, done in rows:
        if done:
            state = _("已完成")
        elif today < start:
            state = _("未开始")
        elif today <= end:
            state = _("进行中")
        else:
            state = _("已截止")
        steps.append({"label": label, "start": start, "end": end, "state": state})
    return steps


class RoundIndexView(generic.IndexView):
    pass


class RoundViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Round
    icon = "date"
    menu_label = _("推荐轮次")
    url_prefix = "nominations/rounds"
    name = "nomination_rounds"
    add_to_admin_menu = False
    index_view_class = RoundIndexView
    form_fields = [
        "year",
        "title",
        "self_nomination_start",
        "self_nomination_end",
        "first_review_end",
        "rereview_end",
        "notice_start",
        "notice_end",
        "publication_by",
    ]
    list_display = [
        # The round's page (steps, counts, the round's operations) is one visible link away.
        Column(
            "manage",
            label=_("推荐轮次"),
            accessor=lambda r: format_html(
                '<a href="{}">{}</a> <a class="button button-small" href="{}">{}</a>',
                reverse("nomination_rounds:manage", args=[r.pk]),
                str(r),
                reverse("nomination_rounds:manage", args=[r.pk]),
                _("进度与操作"),
            ),
        ),
        "year",
        "self_nomination_start",
        "self_nomination_end",
        "first_review_end",
        "notice_end",
        "published_at",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("manage/<int:pk>/", RoundManageView.as_view(), name="manage"),
        ]
