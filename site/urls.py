"""URL configuration: admin, documents, the API (gxpt.api), public forms, then Wagtail's pages.

Public pages own their routes (the boards, the directory and its objection form,
the message board are served by Wagtail from the page tree); only what is not a
page is listed here.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Exempt from CSRF so that the footer's language switch needs no token and public pages
    # can be cached for every visitor (gxpt/pagecache.py). A forged request could only
    # switch the visitor's display language; `next` is still checked against ALLOWED_HOSTS.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include(api.urlpatterns)),
    path("", include("search.urls")),
    path("", include("moderation.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "security.apierrors.not_found"
handler500 = "gxpt.errors.server_error"
