"""The two main boards as pages of the site tree: a filtered, paginated list and detail pages.

/demand/ (我要购买服务) and /supply/ (我要提供服务) list public listings with the same
filters as the API (catalog.filters) and the same private-details rule
(accounts.access.can_see_private); /demand/<id>/ and /supply/<id>/ show one listing;
/supply/provider/<id>/ and /demand/purchaser/<id>/ show the organization behind a listing
with its public listings on that board.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from accounts.access import can_see_private

PAGE_SIZE = 20
SELECTED = mark_safe(" selected")


def filter_options(data) -> dict:
    """The <option>s of the boards' domain and district filters, the request's choice selected.

    Built here rather than in the template: some 130 domains looped over twice in the
    template language were most of a board page's rendering time.
    """
    # Imported here: the reference models' module imports this one.
    from .reference import District, ServiceDomain

    domains = list(ServiceDomain.objects.values_list("code", "name", "parent__code"))
    first, second = data.get("domain_first") or "", data.get("domain") or ""
    district = data.get("district") or ""
    return {
        "domain_first_options": format_html_join(
            "",
            '<option value="{}"{}>{} {}</option>',
            ((code, SELECTED if code == first else "", code, name) for code, name, parent in domains if not parent),
        ),
        "domain_options": format_html_join(
            "",
            '<option value="{}" data-parent="{}"{}>{} {}</option>',
            (
                (code, parent, SELECTED if code == second else "", code, name)
                for code, name, parent in domains
                if parent and (not first or parent == first)
            ),
        ),
        "district_options": format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, SELECTED if code == district else "", name)
                for code, name in District.objects.values_list("code", "name")
            ),
        ),
    }


class BoardPage(RoutablePageMixin, Page):
    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    listing_model_name = ""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # gxpt.routing hands a board the restrictions it read under the current purge token.
        memo = self.__dict__.get("memo_view_restrictions")
        return memo if memo is not None else super().get_view_restrictions()

    @property
    def listing_model(self):
        # Looked up by name: the listing models import this module's page classes.
        from django.apps import apps

        return apps.get_model("catalog", self.listing_model_name)

    def board_context(self, request) -> dict:
        # Imported here: catalog.filters and the sibling model modules import this one.
        from ..filters import FILTERSETS, board_listings

        model = self.listing_model
        # Newest year first, then the most recently published (not the last imported).
        queryset = board_listings(model)
        filterset = FILTERSETS[model](request.GET or None, queryset=queryset)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filterset": filterset,
            "page_obj": page,
            "listings": page.object_list,
            "query": query.urlencode(),
            "show_private": can_see_private(request.user),
            **filter_options(filterset.form.data),
        }

    @path("")
    def board(self, request):
        return TemplateResponse(
            request,
            "catalog/board_page.html",
            {**self.get_context(request), **self.board_context(request)},
        )

    @path("<int:pk>/")
    def detail(self, request, pk):
        # Imported here: catalog.filters imports the models.
        from ..filters import public_listing

        listing = public_listing(self.listing_model, pk, request)
        return TemplateResponse(
            request,
            "catalog/listing_detail.html",
            {
                **self.get_context(request),
                "listing": listing,
                "kind": self.listing_model_name,
                "show_private": can_see_private(request.user),
            },
        )

    @path("<slug:kind>/<int:pk>/")
    def organization(self, request, kind, pk):
        # Imported here: catalog.filters and the organization models import this module.
        from ..filters import public_listings
        from .organizations import Provider, Purchaser

        owner = {"SupplyListing": ("provider", Provider), "DemandListing": ("purchaser", Purchaser)}
        field, model = owner[self.listing_model_name]
        if kind != field:
            raise Http404
        organization = get_object_or_404(model.objects.select_related("district"), pk=pk)
        listings = (
            public_listings(self.listing_model, joined=False)
            .filter(**{field: organization})
            .order_by("-year", "-id")
        )
        page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "catalog/organization_detail.html",
            {
                **self.get_context(request),
                "organization": organization,
                "kind": field,
                "page_obj": page,
                "listings": page.object_list,
                "show_private": can_see_private(request.user),
            },
        )


class DemandIndexPage(BoardPage):
    """我要购买服务: purchasers' demand listings."""

    listing_model_name = "DemandListing"

    class Meta:
        verbose_name = _("我要购买服务栏目")


class SupplyIndexPage(BoardPage):
    """我要提供服务: providers' supply listings."""

    listing_model_name = "SupplyListing"

    class Meta:
        verbose_name = _("我要提供服务栏目")
