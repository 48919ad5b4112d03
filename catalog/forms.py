"""Admin forms of the catalog: choices limited to the user's scope.

The cross-field rules (dates, amounts) are the models' `clean()`, which the
model form runs after the fields (see catalog.models.listings.cross_field_problems).
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from accounts.access import account_of
from accounts.roles import Role
from accounts.scope import scoped

from .models import District, Provider, Purchaser, ServiceDomain
from .models.listings import PurchaseMethod
from .planning import form_status_problem


def listing_districts(user):
    """The districts (实施区域) `user` may give a listing: a district admin its own district,
    everyone else any (an organization may work in another district). The importer asks
    the same (importing.kinds.listings), so no path sets a district outside the scope."""
    account = account_of(user)
    if account is not None and account.role == Role.DISTRICT_ADMIN:
        return District.objects.filter(pk=account.district_id)
    return District.objects.all()


class ListingAdminForm(WagtailAdminModelForm):
    """Owner choices are what the user may act for; the district, what it may give."""

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
        if "district" in self.fields:
            allowed = listing_districts(user)
            # The district a listing already has stays choosable (kept, not moved).
            current = self.instance.district_id if self.instance.pk else None
            self.fields["district"].queryset = (
                allowed | District.objects.filter(pk=current) if current else allowed
            )


class AnnualInspectionForm(WagtailAdminModelForm):
    """A district admin records inspections of its own district's providers only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "provider" in self.fields:
            self.fields["provider"].queryset = scoped(self.for_user, Provider.objects.all())


class DemandListingForm(ListingAdminForm):
    OWNER_FIELD = "purchaser"

    def clean(self):
        data = super().clean()
        if "status" in self.fields and data.get("status"):
            # Before _post_clean, self.instance still holds the status it had.
            before = self.instance.status if self.instance.pk else None
            problem = form_status_problem(before, data["status"])
            if problem:
                self.add_error("status", problem)
        return data


class OpenPlanForm(forms.Form):
    """The approved budget that turns a planned item into an open listing (catalog.planning)."""

    budget = forms.DecimalField(
        label=_("批复的预算金额（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": _("请填写批复的预算金额。"),
            "min_value": _("批复的预算金额须大于零。"),
        },
    )
    budget_approved_on = forms.DateField(
        label=_("预算批复日期"),
        widget=AdminDateInput,
        error_messages={"required": _("请填写预算批复日期。")},
    )
    purchase_method = forms.ChoiceField(
        label=_("购买方式"), choices=[("", "---------"), *PurchaseMethod.choices], required=False
    )
    response_deadline = forms.DateField(
        label=_("对接截止日期"),
        widget=AdminDateInput,
        required=False,
        help_text=_("承接主体联系或报名的截止日期"),
    )


class SupplyListingForm(ListingAdminForm):
    OWNER_FIELD = "provider"


class OrganizationForm(WagtailAdminModelForm):
    """A district admin registers organizations in its own district only (it cannot move
    one to another district, out of its own scope and into another admin's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = account_of(self.for_user)
        if "district" in self.fields and account and account.role == Role.DISTRICT_ADMIN:
            self.fields["district"].queryset = District.objects.filter(pk=account.district_id)
