"""The public search API: /api/search/ and /api/search/suggest/ (DRF, in the OpenAPI document)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import service
from .backends.base import FACETS


class HitSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="文档标识，如 demand:12")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField(help_text="HTML：已转义，命中词以 <mark> 标出")
    snippet = serializers.CharField(help_text="HTML 摘要，命中词以 <mark> 标出")
    url = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    district = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    domain1 = serializers.CharField()
    domain2 = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField())


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SearchResponseSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    pages = serializers.IntegerField()
    notice = serializers.CharField(help_text="非空时：结果来自备用检索")
    corrected = serializers.CharField(
        help_text="非空时：原检索词无结果，以下为纠正后的检索词的结果"
    )
    results = HitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.CharField()


ErrorSerializer = inline_serializer("SearchError", {"detail": serializers.CharField()})


class SearchAPIView(APIView):
    """Full-text search over everything public: listings, organizations, notices, directory."""

    permission_classes = []
    authentication_classes = []

    @extend_schema(
        operation_id="search",
        parameters=[service.SearchParamsSerializer],
        responses={200: SearchResponseSerializer, 400: ErrorSerializer, 503: ErrorSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = service.SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.to_query()
        outcome = service.search(query)
        if outcome.error:
            return Response({"detail": outcome.error}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        results = outcome.results
        labels = service.facet_labels(results)
        return Response(
            {
                "total": results.total,
                "page": query.page,
                "per_page": query.per_page,
                "pages": results.pages,
                "notice": outcome.notice,
                "corrected": results.corrected,
                "results": [
                    {
                        "key": hit.key,
                        "kind": hit.kind,
                        "kind_label": labels["kind"].get(hit.kind, hit.kind),
                        "title": hit.title,
                        "snippet": hit.snippet,
                        "url": hit.url,
                        "date": hit.date,
                        "district": hit.district,
                        "year": hit.year,
                        "status": hit.status,
                        "domain1": hit.domain1,
                        "domain2": hit.domain2,
                        "names": hit.names,
                    }
                    for hit in results.hits
                ],
                "facets": {
                    name: [
                        {"value": value, "label": service.label(labels, name, value), "count": n}
                        for value, n in results.facets.get(name, [])
                    ]
                    for name in FACETS
                },
            }
        )


class SuggestAPIView(APIView):
    """Typeahead: titles and organization names starting with what was typed."""

    permission_classes = []
    authentication_classes = []

    @extend_schema(
        operation_id="search_suggest",
        parameters=[service.SuggestParamsSerializer],
        responses={
            200: inline_serializer(
                "SuggestResponse", {"suggestions": SuggestionSerializer(many=True)}
            ),
            400: ErrorSerializer,
            503: ErrorSerializer,
        },
        tags=["search"],
    )
    def get(self, request):
        params = service.SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        outcome = service.suggest(params.validated_data["q"], params.validated_data["limit"])
        if outcome.error:
            return Response({"detail": outcome.error}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response(
            {
                "suggestions": [
                    {"text": s.text, "kind": s.kind, "url": s.url} for s in outcome.suggestions
                ]
            }
        )
