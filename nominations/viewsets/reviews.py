"""The re-review screen: the service centre assigns experts, an expert scores what was assigned."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.scoped_views import ScopedViewSetMixin

from .. import preferred, workflow
from ..forms import ExpertAssignmentForm, ExpertScoreForm
from ..models import Application, ExpertReview
from ..permissions import expert_review_policy


class ExpertReviewIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The work queue's columns show the round's deadline: no query per row.
        return expert_review_policy.scope(self.request.user, "view").select_related(
            "application__provider", "application__round", "expert"
        )


class ExpertReviewCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not expert_review_policy.user_has_permission(request.user, "add"):
            messages.error(request, _("复审任务由市社会组织服务中心分配"))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        # The table's assignment row: checked again under lock, logged, the expert told.
        application = self.form.cleaned_data["application"]
        expert = self.form.cleaned_data["expert"]
        workflow.perform(
            application, self.request.user, workflow.Action.ASSIGN_EXPERT, expert=expert
        )
        return application.expert_reviews.get(expert=expert)


class ExpertReviewEditView(generic.EditView):
    """The scoring form, with the application and the provider's credit record beside it."""

    template_name = "nominations/admin/expert_score.html"

    def get_queryset(self):
        return expert_review_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        ).select_related(
            "application__provider", "application__round", "application__domain__parent"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object.application
        provider = application.provider
        context.update(
            application=application,
            provider=provider,
            checks=preferred.preferred_checks(
                Application.objects.with_review_context().get(pk=application.pk)
            ),
            inspections=provider.inspections.all()[:5],
            credit_events=provider.credit_events.filter(reversed_at__isnull=True)[:10],
            deadline=application.round.rereview_end,
        )
        return context

    def save_instance(self):
        if not self.form.has_changed():
            return self.form.instance  # saved unchanged: nothing changes
        review = self.form.save(commit=False)
        review.scored_at = timezone.now()
        review.save()
        return review


class ExpertReviewFilterSet(WagtailFilterSet):
    scored = django_filters.ChoiceFilter(
        label=_("评分"), choices=[("0", _("待评分")), ("1", _("已评分"))], method="filter_scored"
    )

    class Meta:
        model = ExpertReview
        fields = ["application__round"]

    def filter_scored(self, queryset, name, value):
        return queryset.filter(scored_at__isnull=value == "0")


class ExpertReviewViewSet(ScopedViewSetMixin, ModelViewSet):
    model = ExpertReview
    icon = "pick"
    menu_label = _("专家复审")
    url_prefix = "nominations/expert-reviews"
    name = "nomination_expert_reviews"
    add_to_admin_menu = False
    index_view_class = ExpertReviewIndexView
    add_view_class = ExpertReviewCreateView
    edit_view_class = ExpertReviewEditView
    filterset_class = ExpertReviewFilterSet
    # The expert's work queue: what to score, by when, the form, and the application (with
    # the provider's record) one click away; the centre sees every assignment.
    list_display = [
        Column(
            "application",
            label=_("申报"),
            accessor=lambda r: format_html(
                '{} <a href="{}">{}</a>',
                str(r.application),
                reverse("nomination_applications:review", args=[r.application_id]),
                _("申报详情与信用记录"),
            ),
        ),
        Column(
            "expert",
            label=_("评审专家"),
            accessor=lambda r: r.expert.get_full_name() or r.expert.username,
        ),
        Column(
            "deadline",
            label=_("复审截止"),
            accessor=lambda r: r.application.round.rereview_end.isoformat(),
        ),
        Column(
            "todo",
            label=_("评分"),
            accessor=lambda r: format_html(
                '<a class="button button-small" href="{}">{}</a>',
                reverse("nomination_expert_reviews:edit", args=[r.pk]),
                _("评分") if r.score is None else _("已评 %(score)s 分，修改") % {"score": r.score},
            ),
        ),
        DateColumn("scored_at", label=_("评分时间")),
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ExpertScoreForm if for_update else ExpertAssignmentForm

    def get_add_view_kwargs(self, **kwargs):
        panel = ObjectList(
            [FieldPanel("application"), FieldPanel("expert")], base_form_class=ExpertAssignmentForm
        ).bind_to_model(ExpertReview)
        return {
            **super().get_add_view_kwargs(**kwargs),
            "panel": panel,
            "form_class": panel.get_form_class(),
        }

    def get_edit_view_kwargs(self, **kwargs):
        panel = ObjectList(
            [FieldPanel("score"), FieldPanel("comment")], base_form_class=ExpertScoreForm
        ).bind_to_model(ExpertReview)
        return {
            **super().get_edit_view_kwargs(**kwargs),
            "panel": panel,
            "form_class": panel.get_form_class(),
        }
