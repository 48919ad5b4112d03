"""Public read API of the published directory (DRF; also in Wagtail's page API v2 via api_fields).

Only live directory pages are served: what a visitor can read on the site.
"""

from django.db.models import Prefetch
from rest_framework import generics, serializers

from .models import DirectoryEntry, DirectoryYearPage


class DirectoryEntrySerializer(serializers.ModelSerializer):
    provider_credit_code = serializers.CharField(source="provider.credit_code", default="")

    class Meta:
        model = DirectoryEntry
        fields = [
            "first_domain",
            "second_domain",
            "provider_name",
            "provider_credit_code",
            "project_title",
            "origin",
        ]


class DirectoryYearSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="url_path", read_only=True)
    entries = DirectoryEntrySerializer(many=True, read_only=True)

    class Meta:
        model = DirectoryYearPage
        fields = ["year", "title", "url", "entries"]


def live_directories():
    return (
        DirectoryYearPage.objects.live()
        .order_by("-year")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=DirectoryEntry.objects.select_related("provider").order_by("sort_order"),
            )
        )
    )


class DirectoryListView(generics.ListAPIView):
    """Every published year of the directory, newest first, with its entries."""

    serializer_class = DirectoryYearSerializer
    authentication_classes: list = []
    permission_classes: list = []

    def get_queryset(self):
        return live_directories()


class DirectoryYearView(generics.RetrieveAPIView):
    serializer_class = DirectoryYearSerializer
    authentication_classes: list = []
    permission_classes: list = []
    lookup_field = "year"

    def get_queryset(self):
        return live_directories()
