"""Public read API of the two boards (DRF): /api/demand-listings/ and /api/supply-listings/.

Only public listings (published, not hidden by monitoring). Private contact
details are included only for users `catalog.access.can_see_private` allows, the
same rule as the board pages. Every list answers in a constant number of
queries (a count and one joined page query).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from .access import can_see_private
from .filters import DemandListingFilterSet, SupplyListingFilterSet, public_listings
from .models import DemandListing, SupplyListing
from .models.listings import PRIVATE_FIELDS


class DomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ListingSerializer(serializers.ModelSerializer):
    domain = DomainSerializer()
    domain_first = serializers.SerializerMethodField()
    district = DistrictSerializer(allow_null=True)
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

    def get_domain_first(self, obj) -> dict:
        first = obj.domain.first_level
        return {"code": first.code, "name": first.name}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_private"):
            for name in PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class DemandListingSerializer(ListingSerializer):
    purchaser = NamedSerializer()
    chosen_provider = NamedSerializer(allow_null=True)
    status_display = serializers.CharField(source="get_status_display")
    purchase_method_display = serializers.CharField(source="get_purchase_method_display")

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
            "chosen_provider",
            "contract_amount",
            "contracted_on",
            "evaluation_result",
            "beneficiary_satisfaction",
            "evaluated_on",
        ]

    def get_url(self, obj) -> str:
        return f"/demand/{obj.pk}/"


class SupplyListingSerializer(ListingSerializer):
    provider = NamedSerializer()
    purchaser_display = serializers.CharField()

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

    def get_url(self, obj) -> str:
        return f"/supply/{obj.pk}/"


PRIVATE_NOTE = "联系人、联系电话、电子邮箱仅对已登录的购买主体、社会组织和管理人员返回。"


class PublicListingViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return public_listings(self.serializer_class.Meta.model).order_by("-year", "-id")

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
