"""Public URLs of the search app (included at the site root by gxpt.urls)."""

from django.urls import path

from . import api, views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search/go/", views.go, name="go"),
    path("api/search/", api.SearchAPIView.as_view(), name="api"),
    path("api/search/suggest/", api.SuggestAPIView.as_view(), name="suggest"),
]
