"""Atom feeds (Django's syndication framework): notices, each board under its filters, search results.

- /feeds/notices/ (policies and announcements), /feeds/notices/policies/, /feeds/notices/announcements/;
- /feeds/demand/?…, /feeds/supply/?… with the board's own filters (catalog.filters);
- /feeds/directory/: each published year of the recommended directory (推荐目录);
- /feeds/search/?q=…&domain=…&district=… with the search page's parameters, newest first
  unless `sort` says otherwise: what a saved search links to.

Each feed answers in a constant number of queries; bad parameters answer 400 (results.BadInput).
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.utils.feedgenerator import Atom1Feed

from catalog.api import label_of
from catalog.models.listings import DemandStatus
from nominations.models import DirectoryYearPage
from notices.models import AnnouncementPage, PolicyPage

from .results import (
    BOARD_TITLES,
    BadInput,
    SearchUnavailable,
    as_datetime,
    board_results,
    search_results,
)

SITE_NAME = "上海市政府购买社会组织服务供需对接平台"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)  # sorts a never-published page last
SECTIONS = {"policies": (PolicyPage, "政策法规"), "announcements": (AnnouncementPage, "公示公告")}


def _limit() -> int:
    return getattr(settings, "OPENDATA_FEED_ITEMS", 50)


class BaseFeed(Feed):
    feed_type = Atom1Feed
    author_name = "上海市社会组织服务中心"

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except BadInput as bad:
            return bad.response()
        except SearchUnavailable as down:
            return JsonResponse(
                {"detail": str(down)}, status=503, json_dumps_params={"ensure_ascii": False}
            )
        return response

    def feed_url(self, obj):
        return obj["feed_url"]

    def link(self, obj):
        return obj["link"]

    def title(self, obj):
        return obj["title"]

    def subtitle(self, obj):
        return obj.get("subtitle", SITE_NAME)

    def items(self, obj):
        return obj["items"]


class NoticeFeed(BaseFeed):
    """The most recently published policies and announcements (not by issue date: a notice
    published today with an older date must still reach the subscribers)."""

    def get_object(self, request, section=None):
        if section is not None and section not in SECTIONS:
            raise Http404
        chosen = [SECTIONS[section]] if section else list(SECTIONS.values())
        items = []
        for model, _label in chosen:
            items += list(
                model.objects.live()
                .public()
                .select_related("district")
                .order_by(F("first_published_at").desc(nulls_last=True), "-id")[: _limit()]
            )
        items.sort(key=lambda p: (p.first_published_at or EPOCH, p.pk), reverse=True)
        title = SECTIONS[section][1] if section else "政策法规与公示公告"
        return {
            "items": items[: _limit()],
            "title": f"{title} - {SITE_NAME}",
            "link": f"/{section}/" if section else "/",
            "feed_url": request.get_full_path(),
        }

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        marks = " · ".join(x for x in (item.issuing_body, item.document_number) if x)
        return "\n".join(x for x in (marks, item.summary) if x)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.issuing_body

    def item_categories(self, item):
        return [item.level_label]


class BoardFeed(BaseFeed):
    """A board's newest public listings under the filters in the query string."""

    def get_object(self, request, board):
        if board not in BOARD_TITLES:
            raise Http404
        listings = board_results(board, request.GET)
        if "ordering" not in request.GET:
            # Newest published first (the board sorts by year first): a listing published
            # today for an earlier year must still reach the subscribers.
            # A yearly plan's item that became an open demand is news when it opened.
            newest = Coalesce("opened_at", "first_published_at") if board == "demand" else F("first_published_at")
            listings = listings.order_by(newest.desc(nulls_last=True), "-id")
        listings = listings[: _limit()]
        query = request.GET.urlencode()
        return {
            "board": board,
            "items": list(listings),
            "title": f"{BOARD_TITLES[board]} - {SITE_NAME}",
            "link": f"/{board}/" + (f"?{query}" if query else ""),
            "feed_url": request.get_full_path(),
        }

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        owner = getattr(item, "purchaser", None) if hasattr(item, "budget") else item.provider
        parts = [
            f"{item.domain.code} {item.domain.name}",
            owner.name if owner else "",
            item.district.name if item.district_id else "",
            f"{item.year}年度",
        ]
        if hasattr(item, "status"):
            parts.append(label_of(DemandStatus, item.status))
        return " · ".join(p for p in parts if p) + ("\n" + item.summary if item.summary else "")

    def item_link(self, item):
        board = "demand" if hasattr(item, "budget") else "supply"
        return f"/{board}/{item.pk}/"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        # Opening a plan changes the public record without publishing a revision.
        dates = [item.last_published_at or item.first_published_at, getattr(item, "opened_at", None)]
        return max((d for d in dates if d), default=None)

    def item_author_name(self, item):
        owner = item.purchaser if hasattr(item, "budget") else item.provider
        return owner.name

    def item_categories(self, item):
        return [item.domain.name, *([item.district.name] if item.district_id else [])]


class SearchFeed(BaseFeed):
    """The newest results of a search (its query and filters in the query string)."""

    def get_object(self, request):
        query, hits = search_results(request.GET, _limit(), default_sort="date")
        params = request.GET.urlencode()
        return {
            "items": hits,
            "title": (f"“{query.q}”的搜索结果" if query.q else "搜索结果") + f" - {SITE_NAME}",
            "link": "/search/" + (f"?{params}" if params else ""),
            "feed_url": request.get_full_path(),
        }

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return " · ".join(x for x in (item["kind"], item["domain"], item["district"]) if x) + (
            "\n" + item["snippet"] if item["snippet"] else ""
        )

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return item["url"]

    def item_pubdate(self, item):
        return as_datetime(item["date"])

    def item_categories(self, item):
        return [x for x in (item["kind"], item["domain"]) if x]


class DirectoryFeed(BaseFeed):
    """The published years of the recommended directory, newest first, with their entry counts."""

    def get_object(self, request):
        years = (
            DirectoryYearPage.objects.live()
            .public()
            .annotate(entry_count=Count("entries"))
            .order_by("-year")[: _limit()]
        )
        return {
            "items": list(years),
            "title": f"推荐目录 - {SITE_NAME}",
            "link": "/directory/",
            "feed_url": request.get_full_path(),
        }

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.year}年度推荐目录，共 {item.entry_count} 个条目。"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
