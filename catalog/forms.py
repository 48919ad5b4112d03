"""Admin forms of the catalog: choices limited to the user's scope, cross-field rules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.scope import scoped

from .models import Provider, Purchaser, ServiceDomain


class ListingAdminForm(WagtailAdminModelForm):
    """Owner choices are what the user may act for; dates and amounts must agree."""

    OWNER_FIELD = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "domain" in self.fields:
            self.fields["domain"].queryset = ServiceDomain.objects.classifiable().order_by(
                "major", "minor"
            )
        if user is None:
            return
        for name, model in (("provider", Provider), ("purchaser", Purchaser)):
            if name == self.OWNER_FIELD and name in self.fields:
                self.fields[name].queryset = scoped(user, model.objects.all())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", ValidationError(_("实施结束日期不能早于开始日期")))
        return cleaned


class AnnualInspectionForm(WagtailAdminModelForm):
    """A district admin records inspections of its own district's providers only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "provider" in self.fields:
            self.fields["provider"].queryset = scoped(self.for_user, Provider.objects.all())


class DemandListingForm(ListingAdminForm):
    OWNER_FIELD = "purchaser"


class SupplyListingForm(ListingAdminForm):
    OWNER_FIELD = "provider"

    def clean(self):
        cleaned = super().clean()
        total, implemented = cleaned.get("total_amount"), cleaned.get("implemented_amount")
        if total is not None and implemented is not None and implemented > total:
            self.add_error("implemented_amount", _("实施金额不能大于项目总体金额"))
        return cleaned
