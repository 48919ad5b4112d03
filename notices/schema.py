"""OpenAPI description of Wagtail's API v2 endpoints, for the one document at /api/schema/.

Wagtail's API views build their serializers per request (from `?type=` and
`?fields=`), so drf-spectacular cannot introspect them; these view extensions
describe what the endpoints answer with explicit serializers instead.
Imported by notices.api, which registers the extensions.
"""

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers


class ItemMeta(serializers.Serializer):
    type = serializers.CharField(help_text="app_label.ModelName, e.g. notices.PolicyPage")
    detail_url = serializers.URLField()


class PageMeta(ItemMeta):
    html_url = serializers.URLField(allow_null=True)
    slug = serializers.CharField()
    first_published_at = serializers.DateTimeField(allow_null=True)


class PageItem(serializers.Serializer):
    id = serializers.IntegerField()
    meta = PageMeta()
    title = serializers.CharField()


class NoticeDistrict(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class NoticeFile(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    file_extension = serializers.CharField()
    file_size = serializers.IntegerField(allow_null=True)
    download_url = serializers.URLField()


class NoticeAttachment(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    file = NoticeFile()


class PageDetail(PageItem):
    """A page; the notice fields are present on notices.PolicyPage and notices.AnnouncementPage."""

    issuing_body = serializers.CharField(required=False, help_text="发文机关")
    document_number = serializers.CharField(required=False, help_text="文号")
    issue_date = serializers.DateField(required=False, allow_null=True, help_text="发文日期")
    effective_date = serializers.DateField(required=False, allow_null=True, help_text="施行日期")
    expiry_date = serializers.DateField(required=False, allow_null=True, help_text="失效日期")
    level = serializers.ChoiceField(["city", "district"], required=False, help_text="层级")
    district = NoticeDistrict(required=False, allow_null=True)
    summary = serializers.CharField(required=False, help_text="摘要")
    body = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="正文 (StreamField blocks)"
    )
    attachments = NoticeAttachment(many=True, required=False)


class FileMeta(ItemMeta):
    download_url = serializers.URLField()


class DocumentItem(serializers.Serializer):
    id = serializers.IntegerField()
    meta = FileMeta()
    title = serializers.CharField()


class ImageItem(serializers.Serializer):
    id = serializers.IntegerField()
    meta = FileMeta()
    title = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ListingMeta(serializers.Serializer):
    total_count = serializers.IntegerField()


def listing(name, item):
    return type(
        name,
        (serializers.Serializer,),
        {"meta": ListingMeta(), "items": item(many=True), "__module__": __name__},
    )


COMMON = [
    OpenApiParameter("fields", str, description="extra fields, comma separated; `*` for all"),
    OpenApiParameter("limit", int, description="page size (default 20)"),
    OpenApiParameter("offset", int),
    OpenApiParameter("order", str, description="field to order by; `-` for descending"),
    OpenApiParameter("search", str, description="full-text search"),
]
PAGE_FILTERS = [
    OpenApiParameter("type", str, description="page type, e.g. notices.PolicyPage"),
    OpenApiParameter("child_of", int),
    OpenApiParameter("descendant_of", int),
]


def describe(view, tag, item, detail, extra=()):
    """A subclass of `view` whose three actions carry their OpenAPI description."""

    class Described(view):
        @extend_schema(
            tags=[tag],
            parameters=[*COMMON, *extra],
            responses=listing(f"{item.__name__}Listing", item),
            operation_id=f"{tag}_list",
        )
        def listing_view(self, request):
            return super().listing_view(request)

        @extend_schema(tags=[tag], responses=detail, operation_id=f"{tag}_retrieve")
        def detail_view(self, request, pk):
            return super().detail_view(request, pk)

        @extend_schema(
            tags=[tag],
            parameters=[OpenApiParameter("html_path", str), OpenApiParameter("id", int)],
            responses={(302, "text/html"): OpenApiTypes.NONE},
            description="Redirects to the detail URL of the item found.",
            operation_id=f"{tag}_find",
        )
        def find_view(self, request):
            return super().find_view(request)

    Described.__name__ = view.__name__
    return Described


class PagesSchema(OpenApiViewExtension):
    target_class = "wagtail.api.v2.views.PagesAPIViewSet"
    match_subclasses = True

    def view_replacement(self):
        return describe(self.target_class, "pages", PageItem, PageDetail, PAGE_FILTERS)


class ImagesSchema(OpenApiViewExtension):
    target_class = "wagtail.images.api.v2.views.ImagesAPIViewSet"
    match_subclasses = True

    def view_replacement(self):
        return describe(self.target_class, "images", ImageItem, ImageItem)


class DocumentsSchema(OpenApiViewExtension):
    target_class = "wagtail.documents.api.v2.views.DocumentsAPIViewSet"
    match_subclasses = True

    def view_replacement(self):
        return describe(self.target_class, "documents", DocumentItem, DocumentItem)
