"""Public read API of the two boards (DRF): /api/demand-listings/ and /api/supply-listings/.

Only public listings (published, not hidden by monitoring). Private contact
details are included only for users `accounts.access.can_see_private` allows, the
same rule as the board pages. Every list answers in a constant number of
queries (a count and one joined page query).
"""

import copy
import functools

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import pagination, serializers, viewsets

from accounts.access import can_see_private

from .filters import DemandListingFilterSet, SupplyListingFilterSet, public_listings
from .models import DemandListing, SupplyListing
from .models.listings import PRIVATE_FIELDS, DemandStatus, PurchaseMethod


class DomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


@functools.cache
def _labels(choices, language: str) -> dict:
    return {value: str(label) for value, label in choices.choices}


def label_of(choices, value) -> str:
    """A choice's label; cached per language (Django's get_FOO_display is slow on lazy labels)."""
    return _labels(choices, get_language()).get(value, "") if value else ""


def named(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


class ListingSerializer(serializers.ModelSerializer):
    # Nested objects as method fields (one dict each) rather than nested serializers:
    # the rows are already joined, and this keeps a page's serialization cheap.
    domain = serializers.SerializerMethodField()
    domain_first = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    COMMON = [
        "id",
        "url",
        "title",
        "domain",
        "domain_first",
        "year",
        "summary",
        "service_targets",
        "district",
        "place",
        "period_start",
        "period_end",
        "first_published_at",
        "last_published_at",
        *PRIVATE_FIELDS,
    ]

    @extend_schema_field(DomainSerializer)
    def get_domain(self, obj):
        return {"code": obj.domain.code, "name": obj.domain.name}

    @extend_schema_field(DomainSerializer)
    def get_domain_first(self, obj):
        first = obj.domain.first_level
        return {"code": first.code, "name": first.name}

    @extend_schema_field(DistrictSerializer(allow_null=True))
    def get_district(self, obj):
        district = obj.district
        return {"code": district.code, "name": district.name} if district else None

    _fields_cache: dict = {}

    def get_fields(self):
        # ModelSerializer introspects the model on every instantiation; the result
        # only depends on the class, so build it once and hand out copies.
        cls = type(self)
        if cls not in ListingSerializer._fields_cache:
            ListingSerializer._fields_cache[cls] = super().get_fields()
        return copy.deepcopy(ListingSerializer._fields_cache[cls])

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_private"):
            for name in PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class DemandListingSerializer(ListingSerializer):
    purchaser = serializers.SerializerMethodField()
    chosen_provider = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    purchase_method_display = serializers.SerializerMethodField()

    class Meta:
        model = DemandListing
        fields = [
            *ListingSerializer.COMMON,
            "purchaser",
            "budget",
            "provider_requirements",
            "purchase_method",
            "purchase_method_display",
            "budget_approved_on",
            "status",
            "status_display",
            # When a yearly plan's item became an open demand (null: never a plan, or not yet).
            "opened_at",
            "chosen_provider",
            "contract_amount",
            "contracted_on",
            "evaluation_result",
            "beneficiary_satisfaction",
            "evaluated_on",
        ]

    @extend_schema_field(NamedSerializer)
    def get_purchaser(self, obj):
        return named(obj.purchaser)

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_chosen_provider(self, obj):
        return named(obj.chosen_provider)

    def get_status_display(self, obj) -> str:
        return label_of(DemandStatus, obj.status)

    def get_purchase_method_display(self, obj) -> str:
        return label_of(PurchaseMethod, obj.purchase_method)

    def get_url(self, obj) -> str:
        return f"/demand/{obj.pk}/"


class SupplyListingSerializer(ListingSerializer):
    provider = serializers.SerializerMethodField()
    purchaser_display = serializers.SerializerMethodField()

    class Meta:
        model = SupplyListing
        fields = [
            *ListingSerializer.COMMON,
            "provider",
            "purchased_before",
            "purchaser_display",
            "total_amount",
            "implemented_amount",
            "government_amount",
            "results",
        ]

    @extend_schema_field(NamedSerializer)
    def get_provider(self, obj):
        return named(obj.provider)

    def get_purchaser_display(self, obj) -> str:
        return obj.purchaser_display

    def get_url(self, obj) -> str:
        return f"/supply/{obj.pk}/"


PRIVATE_NOTE = "联系人、联系电话、电子邮箱仅对已登录的购买主体、社会组织和管理人员返回。"


class ListingPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class PublicListingViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = ListingPagination

    def get_queryset(self):
        return public_listings(self.serializer_class.Meta.model, joined=False).order_by("-year", "-id")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "show_private": can_see_private(self.request.user),
        }


@extend_schema_view(
    list=extend_schema(summary="需求项目列表", description=PRIVATE_NOTE),
    retrieve=extend_schema(summary="需求项目详情", description=PRIVATE_NOTE),
)
class DemandListingViewSet(PublicListingViewSet):
    serializer_class = DemandListingSerializer
    filterset_class = DemandListingFilterSet


@extend_schema_view(
    list=extend_schema(summary="服务项目列表", description=PRIVATE_NOTE),
    retrieve=extend_schema(summary="服务项目详情", description=PRIVATE_NOTE),
)
class SupplyListingViewSet(PublicListingViewSet):
    serializer_class = SupplyListingSerializer
    filterset_class = SupplyListingFilterSet
