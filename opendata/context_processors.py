"""`open_data_links`: the feed (<link rel="alternate">) and export links of the page being shown.

base.html puts `feeds` in <head>; the board and search templates show `exports` beside the
results. Which page is a board or a notice section comes from the page tree (their URLs,
cached for a minute); the links carry the page's current filters, without its page number.
Lazy: a page that does not use them costs nothing.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from catalog.models import DemandIndexPage, SupplyIndexPage
from nominations.models import DirectoryIndexPage
from notices.models import AnnouncementIndexPage, PolicyIndexPage

URLS_CACHE_KEY = "opendata:page-urls"
SECTION_PAGES = {
    "demand": DemandIndexPage,
    "supply": SupplyIndexPage,
    "policies": PolicyIndexPage,
    "announcements": AnnouncementIndexPage,
    "directory": DirectoryIndexPage,
}
TITLES = {
    "demand": "我要购买服务",
    "supply": "我要提供服务",
    "policies": "政策法规",
    "announcements": "公示公告",
    "directory": "推荐目录",
}


def _page_urls() -> dict[str, str]:
    urls = cache.get(URLS_CACHE_KEY)
    if urls is None:
        urls = {}
        names = {model: name for name, model in SECTION_PAGES.items()}
        # One query for the four pages (their content types are cached by Django).
        for page in (
            Page.objects.live().type(*SECTION_PAGES.values()).select_related("content_type")
        ):
            name = names.get(page.content_type.model_class())
            if name and page.url:
                urls[page.url] = name
        cache.set(URLS_CACHE_KEY, urls, 60)
    return urls


def _query(request) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "page" and v]
    return urlencode(params)


def links_for(request) -> dict:
    path = request.path
    query = _query(request)
    suffix = f"?{query}" if query else ""
    feeds, exports = [], []
    if path == "/search/":
        feeds.append({"title": "搜索结果订阅（Atom）", "href": f"/feeds/search/{suffix}"})
        exports = [
            {"label": "导出 CSV", "href": f"/export/search.csv{suffix}"},
            {"label": "导出 Excel", "href": f"/export/search.xlsx{suffix}"},
        ]
    elif path == "/":
        feeds.append({"title": "政策法规与公示公告（Atom）", "href": "/feeds/notices/"})
    else:
        urls = _page_urls()
        name = next((n for url, n in urls.items() if path == url), None)
        section = next(
            (
                n
                for url, n in urls.items()
                if n in ("policies", "announcements", "directory") and path.startswith(url)
            ),
            None,
        )
        if name in ("demand", "supply"):
            feeds.append(
                {"title": f"{TITLES[name]}订阅（Atom）", "href": f"/feeds/{name}/{suffix}"}
            )
            exports = [
                {"label": "导出 CSV", "href": f"/export/{name}.csv{suffix}"},
                {"label": "导出 Excel", "href": f"/export/{name}.xlsx{suffix}"},
            ]
        elif section == "directory":
            feeds.append({"title": "推荐目录订阅（Atom）", "href": "/feeds/directory/"})
        elif section:
            feeds.append(
                {"title": f"{TITLES[section]}订阅（Atom）", "href": f"/feeds/notices/{section}/"}
            )
    return {"feeds": feeds, "exports": exports}


def open_data_links(request):
    if request.path.startswith(("/admin/", "/django-admin/", "/api/")):
        return {}
    return {"open_data_links": SimpleLazyObject(lambda: links_for(request))}
