"""The open-data API (DRF), cursor-paginated: /api/open-data/… (routed in gxpt.api).

- `releases/`: OCDS 1.1 releases of the public demand listings, each page a release package
  with `links.next` / `links.prev` (the OCDS convention for paged packages);
- `demand-listings/`, `supply-listings/`: the public listings with the published fields
  (opendata.fields), the boards' own filters (catalog.filters; `ordering` does not apply:
  a cursor walks the id order);
- `directory-entries/`: the entries of the published directories, `year` to choose one.

A cursor (DRF's CursorPagination, by id) never skips or repeats a row while rows are added,
unlike page numbers; the existing endpoints keep their page numbers, so no client breaks.
Each page is one query (the cursor needs no count).
"""

from django.db.models import F
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, pagination, serializers
from rest_framework.response import Response

from catalog.filters import DemandListingFilterSet, SupplyListingFilterSet, public_listings
from catalog.models import DemandListing, SupplyListing
from nominations.models import DirectoryEntry

from . import ocds
from .fields import DEMAND_FIELDS, DIRECTORY_FIELDS, SUPPLY_FIELDS, Field

OPENAPI_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number", "format": "double"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "boolean": {"type": "boolean"},
}


class OpenDataCursorPagination(pagination.CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class PublishedField(serializers.Field):
    """One published field (opendata.fields), read from the whole record."""

    def __init__(self, field: Field):
        self.published = field
        super().__init__(source="*", read_only=True, allow_null=field.kind != "string")

    def to_representation(self, record):
        value = self.published.value(record)
        return float(value) if self.published.kind == "number" and value is not None else value


def fields_serializer(name: str, fields: list[Field]) -> type[serializers.Serializer]:
    attrs = {}
    for field in fields:
        # A class per field: DRF deep-copies declared fields by re-instantiating their class,
        # so the schema annotation must live on the class, not the instance.
        field_class = extend_schema_field(
            {
                **OPENAPI_TYPES[field.kind],
                "nullable": field.kind != "string",
                "description": str(field.description),
            }
        )(type(f"{name}_{field.key}", (PublishedField,), {}))
        attrs[field.key] = field_class(field)
    return type(name, (serializers.Serializer,), attrs)


DemandRowSerializer = fields_serializer("OpenDemandListing", DEMAND_FIELDS)
SupplyRowSerializer = fields_serializer("OpenSupplyListing", SUPPLY_FIELDS)
DirectoryRowSerializer = fields_serializer("OpenDirectoryEntry", DIRECTORY_FIELDS)


class OpenDataView(generics.ListAPIView):
    pagination_class = OpenDataCursorPagination
    authentication_classes: list = []
    permission_classes: list = []


@extend_schema_view(get=extend_schema(summary="需求项目（开放数据，游标分页）"))
class DemandRowsView(OpenDataView):
    serializer_class = DemandRowSerializer
    filterset_class = DemandListingFilterSet

    def get_queryset(self):
        return public_listings(DemandListing)


@extend_schema_view(get=extend_schema(summary="服务项目（开放数据，游标分页）"))
class SupplyRowsView(OpenDataView):
    serializer_class = SupplyRowSerializer
    filterset_class = SupplyListingFilterSet

    def get_queryset(self):
        return public_listings(SupplyListing)


class DirectoryEntryFilterSet(filters.FilterSet):
    year = filters.NumberFilter(
        field_name="page__year", label="目录年度", min_value=1949, max_value=2100
    )

    class Meta:
        model = DirectoryEntry
        fields = ["year"]


@extend_schema_view(get=extend_schema(summary="推荐目录条目（开放数据，游标分页）"))
class DirectoryRowsView(OpenDataView):
    serializer_class = DirectoryRowSerializer
    filterset_class = DirectoryEntryFilterSet

    def get_queryset(self):
        return DirectoryEntry.objects.filter(page__live=True).select_related("provider", "page")


class ReleasePackagePagination(OpenDataCursorPagination):
    """A page of releases as an OCDS release package, the next and previous pages in `links`."""

    page_size = 50
    max_page_size = 200

    def get_paginated_response(self, data):
        package = ocds.package(data, self.request.build_absolute_uri())
        package["links"] = {
            key: url
            for key, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        }
        return Response(package)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "description": "OCDS 1.1 发布包（release package）",
            "required": ["version", "releases"],
            "properties": {
                "uri": {"type": "string"},
                "version": {"type": "string"},
                "publishedDate": {"type": "string"},
                "publisher": {"type": "object", "additionalProperties": True},
                "publicationPolicy": {"type": "string"},
                "license": {"type": "string"},
                "releases": schema,
                "links": {
                    "type": "object",
                    "properties": {"next": {"type": "string"}, "prev": {"type": "string"}},
                },
            },
        }


class ReleaseSerializer(serializers.Serializer):
    """An OCDS 1.1 release (its shape is the OCDS release schema's, not listed here)."""

    def to_representation(self, listing):
        return ocds.release(listing)


@extend_schema_view(
    get=extend_schema(summary="需求项目的 OCDS 1.1 发布（游标分页，每页一个发布包）")
)
class ReleasesView(OpenDataView):
    serializer_class = ReleaseSerializer
    pagination_class = ReleasePackagePagination
    filter_backends: list = []

    def get_queryset(self):
        return ocds.releasable().order_by(F("id").asc())
