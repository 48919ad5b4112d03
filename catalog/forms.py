"""Admin forms of the catalog: choices limited to the user's scope.

The cross-field rules (dates, amounts) are the models' `clean()`, which the
model form runs after the fields (see catalog.models.listings.cross_field_problems).
"""

from wagtail.admin.forms import WagtailAdminModelForm

from accounts.access import account_of
from accounts.roles import Role
from accounts.scope import scoped

from .models import District, Provider, Purchaser, ServiceDomain


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
