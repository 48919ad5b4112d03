"""The objections screen: the city answers the objections lodged during the public notice."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.scoped_views import ScopedViewSetMixin

from ..forms import ObjectionAnswerForm
from ..models import Objection
from ..permissions import objection_policy


class ObjectionEditView(generic.EditView):
    def get_queryset(self):
        return objection_policy.instances_user_has_any_permission_for(self.request.user, ["change"])

    def save_instance(self):
        if not self.form.has_changed():
            return self.form.instance  # saved unchanged: nothing changes
        objection = self.form.save(commit=False)
        objection.answered_at = timezone.now()
        objection.answered_by = self.request.user
        objection.save()
        return objection


class ObjectionFilterSet(WagtailFilterSet):
    answered = django_filters.ChoiceFilter(
        label=_("答复"),
        choices=[("0", _("待答复")), ("1", _("已答复"))],
        method="filter_answered",
    )

    class Meta:
        model = Objection
        fields = ["round"]

    def filter_answered(self, queryset, name, value):
        return queryset.filter(answered_at__isnull=value == "0")


class ObjectionViewSet(ScopedViewSetMixin, ModelViewSet):
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
    filterset_class = ObjectionFilterSet
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ObjectionAnswerForm
