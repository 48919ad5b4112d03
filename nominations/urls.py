"""Public URLs of the nominations app (included at the site root by gxpt.urls)."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("directory/objections/<int:year>/", views.objection_view, name="nomination_objection"),
    path("api/directory/", api.DirectoryListView.as_view(), name="api-directory"),
    path("api/directory/<int:year>/", api.DirectoryYearView.as_view(), name="api-directory-year"),
]
