"""Registration only: matching's permission policies, viewsets, panels and buttons."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy

from catalog.models import DemandListing, Provider, Purchaser, SupplyListing
from catalog.panels import DEMAND_PANELS_HOOK

from .models import Follow, SavedSearch
from .panels import panel_for
from .permissions import OwnRowsPolicy
from .views import demand_panel, may_see_scores
from .viewsets import FollowViewSet, MatchingViewSet, SavedSearchViewSet

for _model in (SavedSearch, Follow):
    register_permission_policy(_model, OwnRowsPolicy(_model))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [MatchingViewSet(), SavedSearchViewSet(), FollowViewSet()]


hooks.register(DEMAND_PANELS_HOOK, demand_panel)


@hooks.register("construct_homepage_panels")
def provider_matches(request, panels):
    panel = panel_for(request.user)
    if panel is not None:
        panels.append(panel)


FOLLOWABLE = {
    DemandListing: "demand",
    SupplyListing: "supply",
    Provider: "provider",
    Purchaser: "purchaser",
}


@hooks.register("register_snippet_listing_buttons")
def matching_buttons(snippet, user, next_url=None):
    target = FOLLOWABLE.get(type(snippet))
    if target is None:
        return []
    buttons = []
    if isinstance(snippet, DemandListing) and snippet.is_public and may_see_scores(user):
        buttons.append(
            ListingButton(
                _("匹配推荐"),
                reverse("matching:demand", args=[snippet.pk]),
                icon_name="group",
                priority=25,
            )
        )
    if not isinstance(snippet, DemandListing | SupplyListing) or snippet.is_public:
        buttons.append(
            ListingButton(
                _("关注"),
                reverse("matching_follows:toggle", args=[target, snippet.pk]),
                icon_name="pick",
                priority=26,
            )
        )
    return buttons
