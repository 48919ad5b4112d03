"""API representations of what notices carry: their district and their attached files."""

from rest_framework import serializers


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.Field):
    """A notice attachment or download item as its file: id, title, type, size and download URL."""

    def to_representation(self, item):
        # Imported here: wagtail.api.v2.utils loads the Page model at import time.
        from wagtail.api.v2.utils import get_full_url

        document = item.document
        request = self.context.get("request")
        url = get_full_url(request, document.url) if request else document.url
        return {
            "id": document.pk,
            "title": document.title,
            "file_extension": document.file_extension,
            "file_size": document.file_size,
            "download_url": url,
        }


class AttachmentTitleField(serializers.Field):
    """The attachment's own title, else its document's."""

    def to_representation(self, item):
        return item.display_title
