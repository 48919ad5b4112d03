"""The rounds screen: the round's dates, and its progress page with the round-level steps."""

from django.contrib import messages
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

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

    def get_context_data(self, **kwargs):
        round_ = self.round
        context = super().get_context_data(**kwargs)
        counts = dict(round_.applications.values_list("status").annotate(n=Count("pk")))
        context.update(
            round=round_,
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


class RoundIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        return [
            Button(
                _("进度与操作"),
                url=reverse("nomination_rounds:manage", args=[instance.pk]),
                icon_name="cogs",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


class RoundViewSet(ModelViewSet):
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
        "__str__",
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
