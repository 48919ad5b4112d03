"""Admin screens of objections and credit repair: the centre's queue, lodging, answering, evidence.

- the index: every role's own (accounts.scope: a publisher its own, a district its
  district's, the city-wide roles all), pending first with the oldest deadline on top,
  an overdue one marked;
- `flag/<pk>/` and `credit/<pk>/`: the publisher lodges an objection or a repair
  application on its own flag or credit event (moderation.objections decides which);
- `inspect/<pk>/`: the request, its evidence, the target's history; the answer form for
  the centre and the city bureau, the withdrawal for the publisher;
- `evidence/<pk>/?n=1`: an objection's evidence file, to whoever may open its objection, typed by its
  bytes (security.files.serve_upload), never by the name it was uploaded with.
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.access import account_of
from accounts.scope import scoped
from accounts.scoped_views import ScopedViewSetMixin
from catalog.models import CreditEvent, District
from security.files import serve_upload

from . import objections
from .forms import ObjectionAnswerForm, ObjectionForm, WithdrawForm
from .models import Flag, Objection, ObjectionEvidence, ObjectionKind, ObjectionStatus


class ObjectionPolicy(ModelPermissionPolicy):
    """Objections are lodged and answered through moderation.objections only, never through
    a generic add/edit/delete form; a user opens only the ones in its scope."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return scoped(user, Objection.objects.filter(pk=instance.pk)).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Objection.objects.none()
        return scoped(user, Objection.objects.all())


def visible_objections(user):
    if not user.has_perm("moderation.view_objection"):
        return Objection.objects.none()
    return scoped(user, Objection.objects.all())


class ObjectionFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("状态"), choices=ObjectionStatus.choices)
    kind = ChoiceFilter(label=_("类型"), choices=ObjectionKind.choices)
    deadline = ChoiceFilter(
        label=_("答复期限"),
        choices=[("open", _("未逾期")), ("overdue", _("已逾期")), ("due", _("3日内到期"))],
        method="filter_deadline",
    )
    district = ModelChoiceFilter(label=_("区"), queryset=District.objects.all())

    class Meta:
        model = Objection
        fields = ["status", "kind", "district"]

    def filter_deadline(self, queryset, name, value):
        today = timezone.localdate()
        pending = queryset.filter(status=ObjectionStatus.PENDING)
        if value == "overdue":
            return pending.filter(deadline__lt=today)
        if value == "open":
            return pending.filter(deadline__gte=today)
        return pending.filter(
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=objections.reminder_days()),
        )


class DeadlineColumn(Column):
    """The answer deadline, marked 已逾期 when a pending one has passed it."""

    def get_value(self, instance):
        if objections.is_overdue(instance):
            return _("%s（已逾期）") % instance.deadline.isoformat()
        return instance.deadline.isoformat()


class ObjectionIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Pending first, the oldest deadline on top: the centre's order of work.
        return (
            super()
            .get_base_queryset()
            .select_related("district", "provider", "purchaser")
            .order_by(
                Case(
                    When(status=ObjectionStatus.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                "deadline",
                "id",
            )
        )


class ObjectionInspectView(generic.InspectView):
    template_name = "moderation/admin/objection_inspect.html"

    def get_object(self, queryset=None):
        rows = visible_objections(self.request.user).select_related(
            "flag",
            "credit_event",
            "provider",
            "purchaser",
            "district",
            "submitted_by",
            "answered_by",
        )
        return get_object_or_404(rows, pk=self.pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objection, user = self.object, self.request.user
        transitions = [t for t in objections.available(objection, user) if t.action != "withdraw"]
        can_withdraw = objections.answer_refusal(objection, "withdraw", user) is None
        flag = objection.flag
        context.update(
            objection=objection,
            overdue=objections.is_overdue(objection),
            evidence=[
                (number, f"{reverse('objections:evidence', args=[objection.pk])}?n={number}")
                for number in range(1, objection.evidence.count() + 1)
            ],
            flag=flag,
            flag_url=reverse("flags:inspect", args=[flag.pk]) if flag else "",
            flag_history=flag.actions.select_related("actor") if flag else [],
            event=objection.credit_event,
            log_entries=ModelLogEntry.objects.for_instance(objection)
            .select_related("user")
            .order_by("timestamp", "id"),
            answer_form=kwargs.get("answer_form")
            or (
                ObjectionAnswerForm(transitions=transitions, prefix="answer")
                if transitions
                else None
            ),
            withdraw_form=kwargs.get("withdraw_form")
            or (WithdrawForm(prefix="withdraw") if can_withdraw else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        objection, user = self.object, request.user
        if "withdraw-opinion" in request.POST:
            form = WithdrawForm(request.POST, prefix="withdraw")
            action = "withdraw"
            context_key = "withdraw_form"
        else:
            transitions = [
                t for t in objections.available(objection, user) if t.action != "withdraw"
            ]
            form = ObjectionAnswerForm(request.POST, transitions=transitions, prefix="answer")
            action = request.POST.get("answer-action", "")
            context_key = "answer_form"
        if form.is_valid():
            try:
                objections.perform(objection, action, user, form.cleaned_data["opinion"])
            except objections.ObjectionRefused as refused:
                messages.error(request, str(refused))
            else:
                objection.refresh_from_db()
                messages.success(request, _("已办理：%s") % objection.get_status_display())
                return redirect(request.path)
        else:
            messages.error(request, _("请检查填写的内容。"))
        return self.render_to_response(self.get_context_data(**{context_key: form}))


class LodgeView(WagtailAdminTemplateMixin, FormView):
    """The publisher's objection or repair application on one of its flags or credit events."""

    template_name = "moderation/admin/objection_form.html"
    header_icon = "warning"
    page_title = _("提出异议或申请信用修复")

    def get_target(self, pk):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.flag, self.event = self.get_target(kwargs["pk"])
        self.kinds = objections.allowed_kinds(request.user, self.flag, self.event)
        if not self.kinds:
            # Why not, in the publisher's words: the objection refusal says the most.
            reason = objections.refusal(
                request.user, ObjectionKind.OBJECTION, self.flag, self.event
            ) or objections.refusal(request.user, ObjectionKind.REPAIR, self.flag, self.event)
            messages.error(request, reason)
            return redirect(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        if self.flag is not None:
            return reverse("flags:inspect", args=[self.flag.pk])
        return reverse("objections:index")

    def get_page_subtitle(self):
        return self.flag.target_label if self.flag else str(self.event)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": self.kinds}

    def get_form_class(self):
        return ObjectionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            flag=self.flag,
            event=self.event,
            back_url=self.back_url(),
            deadline=objections.answer_deadline(timezone.localdate()),
            working_days=objections.working_days(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                objection = objections.submit(
                    self.request.user,
                    form.cleaned_data["kind"],
                    form.cleaned_data["reasons"],
                    form.cleaned_data["evidence"],
                    flag=self.flag,
                    event=self.event,
                )
        except objections.ObjectionRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已提交%(kind)s，市社会组织服务中心将于%(date)s前答复。")
            % {"kind": objection.get_kind_display(), "date": objection.deadline.isoformat()},
        )
        return redirect(reverse("objections:inspect", args=[objection.pk]))

    def form_invalid(self, form):
        messages.error(self.request, _("未能提交，请检查填写的内容。"))
        return super().form_invalid(form)


class FlagLodgeView(LodgeView):
    def get_target(self, pk):
        flag = get_object_or_404(
            scoped(self.request.user, Flag.objects.select_related("credit_event")), pk=pk
        )
        return objections.target_of(flag, None)


class CreditLodgeView(LodgeView):
    def get_target(self, pk):
        # A credit event belongs to its provider's accounts only: nobody else lodges on it.
        account = account_of(self.request.user)
        event = get_object_or_404(
            CreditEvent.objects.select_related("provider"),
            pk=pk,
            provider_id=(account.provider_id if account else None) or 0,
        )
        return objections.target_of(None, event)


def evidence_view(request, pk):
    """Evidence file number `?n=` (from 1) of an objection, to those who may open it only."""
    objection = get_object_or_404(visible_objections(request.user), pk=pk)
    try:
        number = int(request.GET.get("n", "1"))
    except ValueError as bad:
        raise Http404 from bad
    items = list(ObjectionEvidence.objects.filter(objection=objection).order_by("id"))
    if not 1 <= number <= len(items):
        raise Http404
    return serve_upload(items[number - 1].file)


class ObjectionViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Objection
    name = "objections"
    url_prefix = "moderation/objections"
    icon = "help"
    menu_label = _("异议与信用修复")
    index_view_class = ObjectionIndexView
    inspect_view_class = ObjectionInspectView
    inspect_view_enabled = True
    filterset_class = ObjectionFilterSet
    form_fields = ["reasons"]  # never shown: the policy refuses add/edit
    list_display = [
        "target_label",
        "kind",
        "status",
        "district",
        DeadlineColumn("deadline", label=_("答复期限")),
        "created_at",
    ]
    list_export = ["id", "target_label", "kind", "status", "deadline", "created_at", "answered_at"]
    search_fields = ["target_label", "reasons", "answer"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("flag/<int:pk>/", FlagLodgeView.as_view(), name="lodge_flag"),
            path("credit/<int:pk>/", CreditLodgeView.as_view(), name="lodge_credit"),
            path("evidence/<int:pk>/", evidence_view, name="evidence"),
        ]
