"""The re-review screen: the service centre assigns experts, an expert scores what was assigned."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .. import workflow
from ..forms import ExpertAssignmentForm, ExpertScoreForm
from ..models import ExpertReview
from ..permissions import expert_review_policy


class ExpertReviewIndexView(generic.IndexView):
    def get_base_queryset(self):
        return expert_review_policy.scope(self.request.user, "view")


class ExpertReviewCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not expert_review_policy.user_has_permission(request.user, "add"):
            messages.error(request, _("复审任务由市社会组织服务中心分配"))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        from ..notifications import notify_assignment

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
        return expert_review_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        ).select_related("application__provider")

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
