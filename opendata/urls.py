"""Public URLs of what the platform publishes for machines (included at the site root by gxpt.urls).

The open-data API endpoints are routed in gxpt.api, with every other /api/ route.
"""

from django.urls import path

from . import exports, feeds, statistics, views

app_name = "opendata"

urlpatterns = [
    path("feeds/notices/", feeds.NoticeFeed(), name="notices-feed"),
    path("feeds/notices/<slug:section>/", feeds.NoticeFeed(), name="section-feed"),
    path("feeds/search/", feeds.SearchFeed(), name="search-feed"),
    path("feeds/directory/", feeds.DirectoryFeed(), name="directory-feed"),
    path("feeds/<str:board>/", feeds.BoardFeed(), name="board-feed"),
    path("export/<str:source>.<str:fmt>", exports.export, name="export"),
    path("open-data/", views.index, name="index"),
    path("open-data/fields/", views.field_description, name="fields"),
    path("open-data/files/<path:name>", views.stored_file, name="file"),
    path("statistics/", statistics.statistics_page, name="statistics"),
]
