"""Public pages of the project app that belong to no section: the site map (网站地图)."""

from django.apps import apps
from django.template.response import TemplateResponse
from wagtail.models import Page

from .sitetree import SITE_MAP

# Children listed under a section: folders and years, not every single notice or listing.
FOLDER_TYPES = {"notices.districtnoticeindexpage", "nominations.directoryyearpage"}


def sitemap(request):
    sections = []
    for label, _title, _slug in SITE_MAP:
        page = apps.get_model(label).objects.live().public().first()
        if page is None:
            continue
        children = [
            child
            for child in page.get_children().live().public().select_related("content_type")
            if f"{child.content_type.app_label}.{child.content_type.model}" in FOLDER_TYPES
        ]
        sections.append({"page": page, "children": children})
    home = Page.objects.live().filter(depth=2).first()
    return TemplateResponse(request, "gxpt/sitemap.html", {"sections": sections, "home": home})
