"""The applications screen: the queue, the provider's create/edit/delete, and the review page.

Every screen that changes an application asks `workflow` first; who may open
which application is the policy's (`permissions.application_policy`, the user's
queue from `access`), so a user only ever opens what is in their queue.
"""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.scoped_views import ScopedViewSetMixin
from catalog.models import District, ServiceDomain, SupplyIndexPage
from catalog.models.organizations import RegistrationLevel

from .. import history, preferred, workflow
from ..forms import ApplicationForm, ReviewForm, open_round
from ..models import Application, Origin, Round, Status
from ..permissions import application_policy, expert_review_policy
from .columns import ChecksColumn, PlainColumn, label_of
from .files import recommendation_form_view


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices)
    origin = django_filters.ChoiceFilter(label=_("属性"), choices=Origin.choices)
    domain = django_filters.ModelChoiceFilter(
        label=_("一级领域"),
        queryset=ServiceDomain.objects.first_level(),
        method="filter_domain",
    )
    round = django_filters.ModelChoiceFilter(label=_("推荐轮次"), queryset=Round.objects.all())
    district = django_filters.ModelChoiceFilter(
        label=_("区"), queryset=District.objects.all(), field_name="provider__district"
    )
    level = django_filters.ChoiceFilter(
        label=_("登记级别"),
        choices=RegistrationLevel.choices,
        field_name="provider__registration_level",
    )

    class Meta:
        model = Application
        fields = ["status", "origin", "domain", "round", "district", "level"]

    def filter_domain(self, queryset, name, value):
        return queryset.filter(domain__parent=value) | queryset.filter(domain=value)


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return application_policy.scope(self.request.user, "view")

    def paginate_queryset(self, queryset, page_size):
        """Count and order the bare rows; annotate only the page's (its record and checks).

        With the annotations on the ordered query, the database computed the provider's
        inspections and credit events for every row of the queue before sorting it.
        """
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        if hasattr(rows, "values_list"):
            ids = list(rows.values_list("pk", flat=True))
        else:
            ids = [row.pk for row in rows]
        page_rows = Application.objects.filter(pk__in=ids).order_by().with_review_context()
        by_id = {application.pk: application for application in page_rows}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        # One reverse() per page, not per row.
        link = reverse("nomination_applications:review", args=[0]).removesuffix("0/")
        for application in page.object_list:
            application.review_url = f"{link}{application.pk}/"
        return paginator, page, page.object_list, is_paginated


class ApplicationCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not application_policy.user_has_permission(request.user, "add"):
            messages.error(request, _("只有社会组织可以申报推荐目录"))
            return redirect(self.index_url_name)
        round_ = open_round()
        if round_ is None:
            upcoming = Round.objects.order_by("-year").first()
            if upcoming:
                messages.error(
                    request,
                    _(
                        "当前不在自荐时间内（%(year)s年度自荐时间为 %(start)s 至 %(end)s），不能新建申报"
                    )
                    % {
                        "year": upcoming.year,
                        "start": upcoming.self_nomination_start.isoformat(),
                        "end": upcoming.self_nomination_end.isoformat(),
                    },
                )
            else:
                messages.error(request, _("尚未设置推荐轮次，不能新建申报"))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        application = self.form.save(commit=False)
        return workflow.perform(application, self.request.user, workflow.Action.CREATE)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except workflow.TransitionRefused as refusal:
            form.add_error(None, refusal.messages[0])
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("nomination_applications:review", args=[self.object.pk])


class ScopedObjectMixin:
    """Open only applications in the user's queue, and only for what the table allows."""

    workflow_action = workflow.Action.EDIT

    def get_queryset(self):
        return application_policy.scope(self.request.user, "change").select_related(
            "round", "provider"
        )

    def dispatch(self, request, *args, **kwargs):
        application = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        try:
            workflow.check(application, request.user, self.workflow_action, opinion="-")
        except workflow.TransitionRefused as refusal:
            messages.error(request, refusal.messages[0])
            return redirect("nomination_applications:review", application.pk)
        return super().dispatch(request, *args, **kwargs)


class ApplicationEditView(ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        application = self.form.save(commit=False)
        if not self.form.has_changed():
            return application  # saved unchanged: nothing changes, nothing is logged
        # Inside the view's transaction: the check, the log entry and the save go together.
        workflow.perform(application, self.request.user, workflow.Action.EDIT)
        application.save()
        return application

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except workflow.TransitionRefused as refusal:
            form.add_error(None, refusal.messages[0])
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("nomination_applications:review", args=[self.object.pk])


class ApplicationDeleteView(ScopedObjectMixin, generic.DeleteView):
    workflow_action = workflow.Action.DELETE

    def delete_action(self):
        workflow.perform(self.object, self.request.user, workflow.Action.DELETE)


class ApplicationHistoryView(generic.HistoryView):
    """An application's History for whoever opens its review page with the model's view
    permission (the monitoring centre reads the review page, so its history too); Wagtail's
    own asks for add, change or delete. The record is in scope or 404 (ScopedViewSetMixin)."""

    any_permission_required = ["view", "add", "change", "delete"]


class ApplicationReviewView(WagtailAdminTemplateMixin, FormView):
    """The application with the provider's record beside it, its history, and the allowed actions."""

    template_name = "nominations/admin/review.html"
    form_class = ReviewForm
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(
            application_policy.scope(request.user, "view").with_review_context(), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(_("推荐目录申报"))

    def get_page_subtitle(self):
        return self.application.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("nomination_applications:index"), "label": _("推荐目录申报")},
            {"url": "", "label": self.application.title},
        ]

    def get_context_data(self, **kwargs):
        application = self.application
        provider = application.provider
        user = self.request.user
        allowed = workflow.allowed_actions(application, user)
        actor = workflow.actor_of(user, application)
        # Expert assignment has its own form on the 专家复审 screen.
        actions = [
            (action, workflow.Action.LABELS[action])
            for action in allowed
            if action
            not in (workflow.Action.EDIT, workflow.Action.DELETE, workflow.Action.ASSIGN_EXPERT)
        ]
        context = super().get_context_data(**kwargs)
        context.update(
            application=application,
            provider=provider,
            checks=preferred.preferred_checks(application),
            blocking=preferred.blocking_reason(application),
            years_registered=preferred.years_registered(
                provider, application.round.self_nomination_start
            ),
            inspections=provider.inspections.all()[:5],
            credit_events=provider.credit_events.filter(reversed_at__isnull=True)[:10],
            events=[
                (entry, history.describe(entry.data or {}))
                for entry in workflow.history(application)
            ],
            expert_reviews=application.expert_reviews.select_related("expert")
            if expert_review_policy.user_sees_reviews_of(user, application)
            else [],
            actions=actions,
            # The opinion box belongs to the reviewers (附件4); the provider's submit has none.
            asks_opinion=actor not in (workflow.Actor.PROVIDER, None),
            listing_url=listing_url(application.listing),
            can_edit=workflow.Action.EDIT in allowed,
            can_delete=workflow.Action.DELETE in allowed,
            edit_url=reverse("nomination_applications:edit", args=[application.pk]),
            delete_url=reverse("nomination_applications:delete", args=[application.pk]),
        )
        return context

    def form_valid(self, form):
        action = self.request.POST.get("action", "")
        try:
            workflow.perform(
                self.application, self.request.user, action, form.cleaned_data["opinion"]
            )
        except workflow.TransitionRefused as refusal:
            messages.error(self.request, refusal.messages[0])
            form.add_error("opinion", refusal.messages[0])
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已%(action)s：%(title)s（当前状态：%(status)s）")
            % {
                "action": workflow.Action.LABELS.get(action, action),
                "title": self.application.title,
                "status": self.application.get_status_display(),
            },
        )
        return redirect("nomination_applications:index")


def listing_url(listing) -> str:
    """The evidence listing's public page (项目详情) on the board 「我要提供服务」."""

    board = SupplyIndexPage.objects.live().first()
    return f"{board.url}{listing.pk}/" if board and listing.is_public else ""


class ApplicationViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Application
    icon = "doc-full"
    menu_label = _("推荐目录申报")
    url_prefix = "nominations/applications"
    name = "nomination_applications"
    add_to_admin_menu = False
    form_fields = ApplicationForm.Meta.fields
    index_view_class = ApplicationIndexView
    add_view_class = ApplicationCreateView
    edit_view_class = ApplicationEditView
    delete_view_class = ApplicationDeleteView
    history_view_class = ApplicationHistoryView
    filterset_class = ApplicationFilterSet
    search_fields = ["title", "provider__name"]
    search_backend_name = None
    list_per_page = 30
    copy_view_enabled = False
    list_display = [
        # A plain link rather than TitleColumn: its per-row dropdown of buttons costs a
        # template render per row; edit/delete are offered on the review page by the table.
        PlainColumn(
            "title",
            label=_("项目名称"),
            accessor=lambda a: format_html('<a href="{}">{}</a>', a.review_url, a.title),
        ),
        PlainColumn("provider", label=_("社会组织全称"), accessor="provider.name"),
        PlainColumn("district", label=_("区"), accessor="provider.district.short_name"),
        PlainColumn(
            "first_domain", label=_("一级领域"), accessor=lambda a: a.domain.first_level.name
        ),
        PlainColumn(
            "second_domain",
            label=_("二级领域"),
            accessor=lambda a: a.domain.name if a.domain.parent_id else "",
        ),
        PlainColumn(
            "submitted_at",
            label=_("提交时间"),
            accessor=lambda a: (
                f"{timezone.localtime(a.submitted_at):%Y-%m-%d %H:%M}" if a.submitted_at else ""
            ),
        ),
        PlainColumn("status", label=_("状态"), accessor=label_of(Status.choices)("status")),
        PlainColumn("origin", label=_("属性"), accessor=label_of(Origin.choices)("origin")),
        PlainColumn(
            "last_opinion",
            label=_("最近审核意见"),
            accessor=lambda a: a.last_opinion[:40] + ("…" if len(a.last_opinion) > 40 else ""),
        ),
        ChecksColumn("checks", label=_("优先条件")),
    ]

    def get_form_class(self, for_update=False):
        return ApplicationForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", ApplicationReviewView.as_view(), name="review"),
            path("form/<int:pk>/", recommendation_form_view, name="form"),
        ]
