"""Admin screens of monitoring: the flag queue with its actions, the message board's answers, statistics."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.scope import scoped
from accounts.scoped_views import ScopedViewSetMixin
from catalog.models import District

from . import objections
from .actions import ACTIONS, ActionRefused, perform, refusal, visible_flags
from .models import Flag, FlagSource, FlagStatus, Message, MessageStatus, Severity
from .objection_viewsets import ObjectionViewSet
from .rules import rule_choices
from .snapshot import readable_snapshot
from .statistics_views import StatisticsViewSet


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows are written by the rules and by actions, never through a generic add/edit/delete form;
    a user opens only the flags it may see (actions.visible_flags), in every generated view."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return visible_flags(user, self.model._default_manager.filter(pk=instance.pk)).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_flags(user, self.model._default_manager.all())


class AnswerOnlyPolicy(ModelPermissionPolicy):
    """Messages come from the public form: admins answer them, nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class FlagFilterSet(WagtailFilterSet):
    rule = ChoiceFilter(label=_("规则"), choices=rule_choices)
    severity = ChoiceFilter(label=_("严重程度"), choices=Severity.choices)
    status = ChoiceFilter(label=_("状态"), choices=FlagStatus.choices)
    source = ChoiceFilter(label=_("来源"), choices=FlagSource.choices)
    district = ModelChoiceFilter(label=_("区"), queryset=District.objects.all())
    correction = ChoiceFilter(
        label=_("整改"),
        choices=[
            ("pending", _("整改期内")),
            ("overdue", _("逾期未整改")),
            ("none", _("未要求整改")),
        ],
        method="filter_correction",
    )

    class Meta:
        model = Flag
        fields = ["rule", "severity", "status", "source", "district"]

    def filter_correction(self, queryset, name, value):
        return correction_filter(queryset, value)


def correction_filter(queryset, value):
    """Open flags by their correction request: within its deadline, overdue, or none asked."""
    today = timezone.localdate()
    queryset = queryset.filter(status=FlagStatus.OPEN)
    if value == "pending":
        return queryset.filter(correction_deadline__gte=today)
    if value == "overdue":
        return queryset.filter(correction_deadline__lt=today)
    return queryset.filter(correction_deadline__isnull=True)


class FlagIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("district")
        return visible_flags(self.request.user, queryset)


class ActionForm(forms.Form):
    action = forms.ChoiceField(label=_("处理方式"))
    opinion = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    deadline = forms.DateField(
        label=_("整改期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("要求整改时必填"),
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTIONS[a][0]) for a in actions]
        self.fields["opinion"].error_messages["required"] = _("请填写处理意见。")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "request_correction":
            deadline = cleaned.get("deadline")
            if not deadline:
                self.add_error("deadline", _("要求整改时请填写整改期限。"))
            elif deadline <= timezone.localdate():
                self.add_error("deadline", _("整改期限应晚于今天。"))
        return cleaned


class FlagInspectView(generic.InspectView):
    template_name = "moderation/admin/flag_inspect.html"

    def get_object(self, queryset=None):
        flags = visible_flags(self.request.user).select_related(
            "provider", "purchaser", "district", "credit_event", "content_type"
        )
        return get_object_or_404(flags, pk=self.pk)

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def target(self):
        return self.object.target

    def available_actions(self):
        return [
            a for a in ACTIONS if refusal(self.object, a, self.request.user, self.target) is None
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flag = self.object
        model = flag.content_type.model_class() if flag.content_type_id else None
        context.update(
            flag=flag,
            target=self.target,
            target_url=AdminURLFinder(self.request.user).get_edit_url(self.target)
            if self.target is not None
            else None,
            snapshot=readable_snapshot(flag.snapshot or {}, model, self.request.user),
            history=flag.actions.select_related("actor"),
            action_form=kwargs.get("action_form")
            or ActionForm(actions=self.available_actions(), prefix="act"),
            reports=flag.reports.all()[:50]
            if self.request.user.has_perm("moderation.change_flag")
            else [],
            objections=scoped(self.request.user, flag.objections.all()),
            lodge_kinds=objections.allowed_kinds(self.request.user, flag, None),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ActionForm(request.POST, actions=self.available_actions(), prefix="act")
        if form.is_valid():
            try:
                perform(
                    self.object,
                    form.cleaned_data["action"],
                    request.user,
                    form.cleaned_data["opinion"],
                    form.cleaned_data.get("deadline"),
                )
            except ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("已处理：%s") % ACTIONS[form.cleaned_data["action"]][0])
                return redirect(request.path)
        else:
            messages.error(request, _("请检查填写的内容。"))
        return self.render_to_response(self.get_context_data(action_form=form))


class FlagViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Flag
    name = "flags"
    url_prefix = "moderation/flags"
    icon = "warning"
    menu_label = _("监测标记")
    index_view_class = FlagIndexView
    inspect_view_class = FlagInspectView
    inspect_view_enabled = True
    filterset_class = FlagFilterSet
    form_fields = ["status"]  # never shown: the policy refuses add/edit
    list_display = [
        "target_label",
        Column("rule_label", label=_("规则")),
        "severity",
        "status",
        "district",
        "correction_deadline",
        "created_at",
    ]
    list_export = [
        "id",
        "target_label",
        "rule",
        "severity",
        "status",
        "message",
        "excerpt",
        "created_at",
    ]
    search_fields = ["target_label", "message", "excerpt"]
    search_backend_name = None
    ordering = ["-created_at"]


class MessageEditView(generic.EditView):
    def save_instance(self):
        message = self.form.save(commit=False)
        if message.status == MessageStatus.ANSWERED:
            message.answered_by = self.request.user
            message.answered_at = message.answered_at or timezone.now()
        message.save()
        return message


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["status", "answer"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == MessageStatus.ANSWERED
            and not (cleaned.get("answer") or "").strip()
        ):
            self.add_error("answer", _("公开留言前请填写回复。"))
        return cleaned


class MessageViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Message
    name = "messages"
    url_prefix = "moderation/messages"
    icon = "comment"
    menu_label = _("留言管理")
    edit_view_class = MessageEditView
    panels = [
        FieldPanel("subject", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("status"),
        FieldPanel("answer"),
    ]
    list_display = ["subject", "name", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["subject", "text"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return MessageForm


class ModerationViewSetGroup(ViewSetGroup):
    menu_label = _("内容监测")
    menu_icon = "warning"
    menu_order = 400
    items = (FlagViewSet, ObjectionViewSet, MessageViewSet, StatisticsViewSet)
