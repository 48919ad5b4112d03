"""Public URLs of what the platform publishes for machines (included at the site root by gxpt.urls).

The open-data API endpoints are routed in gxpt.api, with every other /api/ route.
"""

from django.urls import path

from . import exports, feeds

app_name = "opendata"

urlpatterns = [
    path("feeds/notices/", feeds.NoticeFeed(), name="notices-feed"),
    path("feeds/notices/<slug:section>/", feeds.NoticeFeed(), name="section-feed"),
    path("feeds/search/", feeds.SearchFeed(), name="search-feed"),
    path("feeds/<str:board>/", feeds.BoardFeed(), name="board-feed"),
    path("export/<str:source>.<str:fmt>", exports.export, name="export"),
]
