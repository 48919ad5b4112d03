"""Template context shared by every public page: the site-map navigation."""

from django.apps import apps
from django.core.cache import cache

from .sitetree import SITE_MAP

NAV_CACHE_KEY = "gxpt:site-nav"


def site_navigation(request):
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    nav = cache.get(NAV_CACHE_KEY)
    if nav is None:
        nav = []
        for label, _title, _slug in SITE_MAP:
            page = apps.get_model(label).objects.live().first()
            if page is not None:
                nav.append({"title": page.title, "url": page.url, "label": label})
        cache.set(NAV_CACHE_KEY, nav, 60)
    return {"site_nav": nav}
