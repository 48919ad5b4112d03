"""Filters of the public boards, shared by the board pages and the public API."""

import django_filters
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import DemandListing, District, ServiceDomain, SupplyListing
from .models.listings import DemandStatus

# Bounds of numeric parameters, so that a value no column can hold is refused as bad
# input (400) instead of reaching the database (64-bit ids, amounts of NUMERIC(14, 2)).
RECORD_ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}
AMOUNT = {"min_value": 0, "max_value": 10**12 - 1, "decimal_places": 2}


# The organizations a listing's row and page show, by listing model.
OWNERS = {DemandListing: ["purchaser", "chosen_provider"], SupplyListing: ["provider", "purchaser"]}


def public_listings(model, joined: bool = True):
    """What visitors may see of `model`, with everything a list row shows.

    joined: in one query, the related records joined in; right for an export, planned
    once for many rows. Otherwise each related table is read by id in one query of its
    own (4 small queries whatever the number of rows): PostgreSQL plans the six-table
    join in some 11 ms on every request, the plain query and the lookups in under 1 ms
    together, so a page of a board, an API list or one listing reads this way.
    """
    related = ["domain", "domain__parent", "district", *OWNERS[model]]
    if joined:
        return model.objects.public().select_related(*related)
    return model.objects.public().prefetch_related(*related)


_reference: tuple = (None, None)


def reference_by_id(request):
    """({id: ServiceDomain} with parents set, {id: District}), kept in this process under
    the page cache's generation token that gxpt.pagecache (or, for a signed-in user,
    gxpt.routing) leaves on the request: a save of
    either model purges the page cache, so a new token reads them again. None without a
    token (page cache off, or Redis down). Shared between requests and threads: read only.
    Written by hand: Django's caches pickle what they keep, which is the cost avoided here.
    """
    global _reference
    token = getattr(request, "page_generation", None)
    if token is None:
        return None
    kept_token, kept = _reference
    if kept_token != token:
        domains = {d.id: d for d in ServiceDomain.objects.all()}
        for domain in domains.values():
            domain.parent = domains.get(domain.parent_id)
        kept = (domains, {d.id: d for d in District.objects.all()})
        _reference = (token, kept)
    return kept


def public_listing(model, pk, request):
    """One public listing of `model` with what its page shows, or Http404.

    With the domains and districts in memory (reference_by_id), one query: the listing
    and its organizations joined (a three-table join plans in well under a millisecond,
    unlike public_listings' six); otherwise public_listings(joined=False)'s five.
    """
    reference = reference_by_id(request)
    if reference is None:
        return get_object_or_404(public_listings(model, joined=False), pk=pk)
    listing = get_object_or_404(
        model.objects.public().select_related(*OWNERS[model]), pk=pk
    )
    domains, districts = reference
    listing.domain = domains.get(listing.domain_id)
    listing.district = districts.get(listing.district_id)
    return listing


def board_listings(model, joined: bool = False):
    """The public listings of `model` in the boards' order: newest year, most recently
    published (read for a page by default; `joined` for an export, see public_listings)."""
    return public_listings(model, joined=joined).order_by(
        "-year", F("first_published_at").desc(nulls_last=True), "-id"
    )


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with the primary key as tie-break, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-id")
        return qs


class ListingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("项目名称包含"), field_name="title", lookup_expr="icontains"
    )
    domain = django_filters.CharFilter(
        label=_("业务领域（二级目录序号，如 1.6）"), method="filter_domain"
    )
    domain_first = django_filters.CharFilter(
        label=_("一级目录序号（如 1）"), method="filter_domain_first"
    )
    district = django_filters.CharFilter(
        label=_("实施区域（区划代码，如 310101）"), method="filter_district"
    )
    year = django_filters.NumberFilter(label=_("项目年度"), min_value=1949, max_value=2100)

    def filter_domain_first(self, queryset, name, value):
        # A subquery on the small taxonomy table, so the listings table is not joined.
        domains = ServiceDomain.objects.filter(
            Q(parent__code=value) | Q(code=value, parent__isnull=True)
        ).values("pk")
        return queryset.filter(domain_id__in=domains)

    def filter_district(self, queryset, name, value):
        return queryset.filter(district_id__in=District.objects.filter(code=value).values("pk"))

    def filter_domain(self, queryset, name, value):
        return queryset.filter(domain_id__in=ServiceDomain.objects.filter(code=value).values("pk"))


class DemandListingFilterSet(ListingFilterSet):
    purchaser = django_filters.NumberFilter(
        label=_("购买主体编号"), field_name="purchaser_id", **RECORD_ID
    )
    status = django_filters.ChoiceFilter(label=_("项目状态"), choices=DemandStatus.choices)
    budget_min = django_filters.NumberFilter(
        **AMOUNT, label=_("预算不低于（元）"), field_name="budget", lookup_expr="gte"
    )
    budget_max = django_filters.NumberFilter(
        **AMOUNT, label=_("预算不高于（元）"), field_name="budget", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("排序"),
        fields=(
            ("year", "year"),
            ("budget", "budget"),
            ("first_published_at", "published"),
            ("id", "id"),
        ),
    )

    class Meta:
        model = DemandListing
        fields = ["q", "domain", "domain_first", "district", "purchaser", "year", "status"]


class SupplyListingFilterSet(ListingFilterSet):
    provider = django_filters.NumberFilter(
        label=_("社会组织编号"), field_name="provider_id", **RECORD_ID
    )
    purchased_before = django_filters.BooleanFilter(label=_("曾承接政府购买服务"))
    amount_min = django_filters.NumberFilter(
        **AMOUNT, label=_("项目金额不低于（元）"), field_name="total_amount", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        **AMOUNT, label=_("项目金额不高于（元）"), field_name="total_amount", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("排序"),
        fields=(
            ("year", "year"),
            ("total_amount", "amount"),
            ("first_published_at", "published"),
            ("id", "id"),
        ),
    )

    class Meta:
        model = SupplyListing
        fields = ["q", "domain", "domain_first", "district", "provider", "year", "purchased_before"]


FILTERSETS = {DemandListing: DemandListingFilterSet, SupplyListing: SupplyListingFilterSet}
