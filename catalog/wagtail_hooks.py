"""Registration only: the catalog's admin screens."""

from wagtail.snippets.models import register_snippet

from .views import CatalogViewSetGroup

register_snippet(CatalogViewSetGroup)
