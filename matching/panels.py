"""The dashboard panel: a provider's best-fitting open demand listings (its own score only)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from accounts.access import account_of
from accounts.roles import Role
from catalog.models import DemandIndexPage

from .facts import match_provider

ROWS = 5


def demand_base() -> str:
    page = DemandIndexPage.objects.live().first()
    return page.url if page is not None and page.url else ""


class ProviderMatchesPanel(Component):
    name = "matching"
    order = 20
    template_name = "matching/panels/dashboard.html"

    def __init__(self, provider_id: int):
        self.provider_id = provider_id

    def get_context_data(self, parent_context=None):
        found = match_provider(self.provider_id, limit=ROWS)
        return {
            "title": _("适合本机构的需求项目"),
            "matches": found.matches,
            "dishonest": found.provider is not None and found.provider.seriously_dishonest,
            "show_demand": True,
            "demand_base": demand_base(),
        }


def panel_for(user):
    account = account_of(user)
    if account is not None and account.role == Role.PROVIDER and account.provider_id:
        return ProviderMatchesPanel(account.provider_id)
    return None
