"""The objections screen: the city answers the objections lodged during the public notice."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.access import account_of
from accounts.roles import Role

from ..forms import ObjectionAnswerForm
from ..models import Objection


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
