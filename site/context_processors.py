"""Template context shared by every public page: the site-map navigation, the footer's filings."""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

from .sitetree import SITE_MAP

NAV_CACHE_KEY = "gxpt:site-nav"


def site_navigation(request):
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    context = {
        "site_filings": settings.GXPT_SITE_FILINGS,
        # 适老化 mode, remembered in a cookie so the page renders in it (no flash).
        "elderly_mode": request.COOKIES.get("gxpt_elderly") == "1",
    }
    nav = cache.get(NAV_CACHE_KEY)
    if nav is None:
        nav = []
        for label, _title, _slug in SITE_MAP:
            page = apps.get_model(label).objects.live().first()
            if page is not None:
                nav.append({"title": page.title, "url": page.url, "label": label})
        cache.set(NAV_CACHE_KEY, nav, 60)
    context["site_nav"] = nav
    return context
