"""Admin screens of the nominations (ModelViewSets) and the public views (directory, objections).

Every screen that changes an application asks `workflow` first; the querysets
come from `access` so a user only ever opens what is in their queue.
"""

import django_filters
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Avg, Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button

from catalog.access import account_of
from catalog.models import District, ServiceDomain
from gxpt.roles import Role
from security.files import serve_upload

from . import access, checks, rounds, workflow
from .forms import (
    ApplicationForm,
    DistrictSummaryForm,
    ExpertAssignmentForm,
    ExpertScoreForm,
    ObjectionAnswerForm,
    ObjectionForm,
    ReviewForm,
    open_round,
)
from .models import (
    Application,
    DistrictSummary,
    ExpertReview,
    Objection,
    Origin,
    Round,
    Status,
)
from .summary import build_summary

# ---------------------------------------------------------------- applications


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

    class Meta:
        model = Application
        fields = ["status", "origin", "domain", "round", "district"]

    def filter_domain(self, queryset, name, value):
        return queryset.filter(domain__parent=value) | queryset.filter(domain=value)


def _checks_cell(application):
    results = checks.preferred_checks(application)
    passed = sum(check.passed for check in results)
    marks = " ".join(
        f'<span title="{escape(c.label)}：{escape(c.detail)}">{"✓" if c.passed else "✗"}</span>'
        for c in results
    )
    warning = ""
    if checks.blocking_reason(application):
        warning = f' <strong class="error-message">{escape(_("严重失信"))}</strong>'
    return mark_safe(f"{passed}/5 {marks}{warning}")  # noqa: S308 - every part escaped above


class PlainColumn(Column):
    """A cell rendered without a template.

    Wagtail renders one template per cell; on a 50-row queue that is ~450 template
    renders (~300 ms), more than the whole page may take (< 150 ms). These cells hold
    plain text, so they are escaped and wrapped here instead.
    """

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return mark_safe(f"<td>{conditional_escape('' if value is None else value)}</td>")  # noqa: S308


class ChecksColumn(PlainColumn):
    def get_value(self, instance):
        return _checks_cell(instance)


def label_of(choices):
    """Accessor for a choice field's label, translated once per language rather than per cell."""
    labels = {}

    def accessor(field):
        def get(instance):
            language = get_language()
            if language not in labels:
                labels[language] = {value: str(label) for value, label in choices}
            return labels[language].get(getattr(instance, field), "")

        return get

    return accessor


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return access.applications_for(self.request.user).with_review_context()


class ApplicationCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        account = account_of(request.user)
        if account is None or account.role != Role.PROVIDER:
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
        application = self.form.save()
        workflow.record(application, self.request.user, "create", _("社会组织"), "", Status.SAVED)
        return application

    def get_success_url(self):
        return reverse("nomination_applications:review", args=[self.object.pk])


class ScopedObjectMixin:
    """Open only applications in the user's queue, and only for what the table allows."""

    workflow_action = workflow.Action.EDIT

    def get_queryset(self):
        return access.applications_for(self.request.user).select_related("round", "provider")

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
        application = self.form.save()
        workflow.perform(application, self.request.user, workflow.Action.EDIT)
        return application

    def get_success_url(self):
        return reverse("nomination_applications:review", args=[self.object.pk])


class ApplicationDeleteView(ScopedObjectMixin, generic.DeleteView):
    workflow_action = workflow.Action.DELETE

    def delete_action(self):
        workflow.perform(self.object, self.request.user, workflow.Action.DELETE)


class ApplicationReviewView(WagtailAdminTemplateMixin, FormView):
    """The application with the provider's record beside it, its history, and the allowed actions."""

    template_name = "nominations/admin/review.html"
    form_class = ReviewForm
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(
            access.applications_for(request.user).with_review_context(), pk=kwargs["pk"]
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
        context = super().get_context_data(**kwargs)
        context.update(
            application=application,
            provider=provider,
            checks=checks.preferred_checks(application),
            blocking=checks.blocking_reason(application),
            years_registered=checks.years_registered(
                provider, application.round.self_nomination_start
            ),
            inspections=provider.inspections.all()[:5],
            credit_events=provider.credit_events.filter(reversed_at__isnull=True)[:10],
            events=application.events.select_related("actor"),
            expert_reviews=application.expert_reviews.select_related("expert")
            if workflow.actor_of(user, application) == workflow.Actor.CITY
            or account_of(user)
            and account_of(user).role == Role.MONITOR
            else [],
            actions=[
                (action, workflow.Action.LABELS[action])
                for action in allowed
                if action not in (workflow.Action.EDIT, workflow.Action.DELETE)
            ],
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


def recommendation_form_view(request, pk):
    """The stamped recommendation form, to those who may open the application only."""
    application = get_object_or_404(access.applications_for(request.user), pk=pk)
    return _serve(application.recommendation_form)


def summary_scan_view(request, pk):
    """A district's stamped summary table, to that district and the city only."""
    scope = access.summaries_scope(request.user)
    if scope is None:
        raise Http404
    summary = get_object_or_404(DistrictSummary.objects.filter(scope), pk=pk)
    return _serve(summary.stamped_scan)


def _serve(field_file):
    return serve_upload(field_file)


class ApplicationViewSet(ModelViewSet):
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
            accessor=lambda a: format_html(
                '<a href="{}">{}</a>',
                reverse("nomination_applications:review", args=[a.pk]),
                a.title,
            ),
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


# ---------------------------------------------------------------- rounds


class RoundManageView(WagtailAdminTemplateMixin, TemplateView):
    """A round's progress and its round-level steps: carry-over, re-review, notice, publication."""

    template_name = "nominations/admin/round.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.is_superuser
            or (account_of(request.user) and account_of(request.user).role == Role.CITY_ADMIN)
        ):
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


# ---------------------------------------------------------------- district summaries


class SummaryIndexView(generic.IndexView):
    def get_base_queryset(self):
        scope = access.summaries_scope(self.request.user)
        queryset = DistrictSummary.objects.select_related("round", "district")
        return queryset.none() if scope is None else queryset.filter(scope)

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        account = account_of(self.request.user)
        if account and account.role == Role.DISTRICT_ADMIN:
            buttons.append(
                Button(
                    _("下载汇总表"),
                    url=reverse("nomination_summaries:export"),
                    icon_name="download",
                    priority=5,
                )
            )
        return buttons


class SummaryCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        account = account_of(request.user)
        if account is None or account.role != Role.DISTRICT_ADMIN:
            messages.error(request, _("只有区民政局可以上传本区盖章汇总表"))
            return redirect(self.index_url_name)
        self.district_id = account.district_id
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        summary = self.form.instance
        existing = DistrictSummary.objects.filter(
            round=summary.round, district_id=self.district_id
        ).first()
        if existing:
            summary.pk = existing.pk
        summary.district_id = self.district_id
        summary.uploaded_by = self.request.user
        summary.save()
        from catalog.notifications import notify

        from .notifications import city_admins

        notify(
            city_admins(),
            _("%(district)s已上传%(year)s年度盖章汇总表")
            % {"district": summary.district.name, "year": summary.round.year},
            "",
            reverse("nomination_summaries:index"),
        )
        return summary


class SummaryEditView(generic.EditView):
    def get_queryset(self):
        account = account_of(self.request.user)
        if account is None or account.role != Role.DISTRICT_ADMIN:
            return DistrictSummary.objects.none()
        return DistrictSummary.objects.filter(district_id=account.district_id)

    def save_instance(self):
        summary = self.form.save(commit=False)
        summary.uploaded_by = self.request.user
        summary.save()
        return summary


class SummaryExportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "nominations/admin/summary_export.html"

    def dispatch(self, request, *args, **kwargs):
        account = account_of(request.user)
        if account is None or account.role != Role.DISTRICT_ADMIN:
            messages.error(request, _("只有区民政局可以下载本区汇总表"))
            return redirect("nomination_summaries:index")
        self.district = account.district
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(_("下载推荐汇总表（附件3）"))

    def get(self, request, *args, **kwargs):
        round_id = request.GET.get("round")
        if round_id:
            round_ = get_object_or_404(Round, pk=round_id)
            content = build_summary(
                round_, self.district, request.GET.get("contact", ""), request.GET.get("phone", "")
            )
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            filename = f"{round_.year}-summary-{self.district.code}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = Round.objects.all()
        context["district"] = self.district
        return context


class DistrictSummaryViewSet(ModelViewSet):
    model = DistrictSummary
    icon = "table"
    menu_label = _("区级推荐汇总表")
    url_prefix = "nominations/summaries"
    name = "nomination_summaries"
    add_to_admin_menu = False
    form_fields = DistrictSummaryForm.Meta.fields
    index_view_class = SummaryIndexView
    add_view_class = SummaryCreateView
    edit_view_class = SummaryEditView
    list_display = [
        "round",
        "district",
        "contact_person",
        "phone",
        Column(
            "stamped_scan",
            label=_("盖章扫描件"),
            accessor=lambda s: format_html(
                '<a href="{}" target="_blank">{}</a>',
                reverse("nomination_summaries:scan", args=[s.pk]),
                _("查看"),
            ),
        ),
        DateColumn("uploaded_at", label=_("上传时间")),
    ]
    list_filter = ["round", "district"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return DistrictSummaryForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/", SummaryExportView.as_view(), name="export"),
            path("scan/<int:pk>/", summary_scan_view, name="scan"),
        ]


# ---------------------------------------------------------------- re-review


class ExpertReviewIndexView(generic.IndexView):
    def get_base_queryset(self):
        return access.expert_reviews_for(self.request.user)


class ExpertReviewCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        account = account_of(request.user)
        if not (request.user.is_superuser or (account and account.role == Role.MONITOR)):
            messages.error(request, _("复审任务由市社会组织服务中心分配"))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        from .notifications import notify_assignment

        review = self.form.save(commit=False)
        review.assigned_by = self.request.user
        review.save()
        workflow.record(
            review.application,
            self.request.user,
            "assign",
            _("市社会组织服务中心"),
            review.application.status,
            review.application.status,
            str(
                _("分配复审专家：%(expert)s")
                % {"expert": review.expert.get_full_name() or review.expert.username}
            ),
        )
        notify_assignment(review)
        return review


class ExpertReviewEditView(generic.EditView):
    def get_queryset(self):
        return ExpertReview.objects.filter(expert=self.request.user).select_related(
            "application__provider"
        )

    def save_instance(self):
        review = self.form.save(commit=False)
        review.scored_at = timezone.now()
        review.save()
        return review


class ExpertReviewViewSet(ModelViewSet):
    model = ExpertReview
    icon = "pick"
    menu_label = _("专家复审")
    url_prefix = "nominations/expert-reviews"
    name = "nomination_expert_reviews"
    add_to_admin_menu = False
    index_view_class = ExpertReviewIndexView
    add_view_class = ExpertReviewCreateView
    edit_view_class = ExpertReviewEditView
    list_display = [
        Column(
            "application",
            label=_("申报"),
            accessor=lambda r: format_html(
                '<a href="{}">{}</a>',
                reverse("nomination_applications:review", args=[r.application_id]),
                str(r.application),
            ),
        ),
        Column(
            "expert",
            label=_("评审专家"),
            accessor=lambda r: r.expert.get_full_name() or r.expert.username,
        ),
        "score",
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


# ---------------------------------------------------------------- objections


class ObjectionEditView(generic.EditView):
    def get_queryset(self):
        if self.request.user.is_superuser or (
            account_of(self.request.user) and account_of(self.request.user).role == Role.CITY_ADMIN
        ):
            return Objection.objects.all()
        return Objection.objects.none()

    def save_instance(self):
        objection = self.form.save(commit=False)
        objection.answered_at = timezone.now()
        objection.answered_by = self.request.user
        objection.save()
        return objection


class ObjectionViewSet(ModelViewSet):
    model = Objection
    icon = "warning"
    menu_label = _("公示异议")
    url_prefix = "nominations/objections"
    name = "nomination_objections"
    add_to_admin_menu = False
    edit_view_class = ObjectionEditView
    form_fields = ["answer"]
    list_display = [
        "__str__",
        "round",
        "application",
        "name",
        DateColumn("created_at", label=_("提出时间")),
        DateColumn("answered_at", label=_("答复时间")),
    ]
    list_filter = ["round"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ObjectionAnswerForm


class NominationsViewSetGroup(ModelViewSetGroup):
    menu_label = _("推荐目录")
    menu_icon = "list-ol"
    menu_order = 250
    items = (
        ApplicationViewSet,
        RoundViewSet,
        DistrictSummaryViewSet,
        ExpertReviewViewSet,
        ObjectionViewSet,
    )


# ---------------------------------------------------------------- public


OBJECTIONS_PER_HOUR = 5


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def objection_view(request, year: int):
    """公示期内的异议反映: a public form, honeypot and a per-address hourly limit."""
    round_ = get_object_or_404(Round, year=year, notice_page__isnull=False)
    if not round_.is_open("notice"):
        return render(
            request, "nominations/objection.html", {"round": round_, "closed": True}, status=200
        )
    form = ObjectionForm(request.POST or None, round_=round_)
    if request.method == "POST":
        key = f"nominations:objections:{client_ip(request)}"
        if form.data.get("website"):
            # A bot filled the hidden field: answer as if accepted, store nothing.
            return render(request, "nominations/objection.html", {"round": round_, "done": True})
        if cache.get(key, 0) >= OBJECTIONS_PER_HOUR:
            form.add_error(None, _("提交过于频繁，请一小时后再试"))
        elif form.is_valid():
            objection = form.save(commit=False)
            objection.round = round_
            objection.save()
            cache.add(key, 0, 3600)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, 3600)
            from catalog.notifications import notify

            from .notifications import city_admins

            notify(
                city_admins(),
                _("新的公示异议：%(year)s年度") % {"year": round_.year},
                objection.content[:200],
                reverse("nomination_objections:edit", args=[objection.pk]),
            )
            return render(request, "nominations/objection.html", {"round": round_, "done": True})
    return render(request, "nominations/objection.html", {"round": round_, "form": form})
