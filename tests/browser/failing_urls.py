"""The site's URLs plus one view that fails, for the server-error page's browser test.

Only a test puts this in ROOT_URLCONF (the `settings` fixture); the error handlers are
the site's own.
"""

from django.urls import path

from gxpt.urls import handler404, handler500
from gxpt.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def failing_view(request):
    raise RuntimeError("a deliberate failure for the 500 page's test")


urlpatterns = [path("test-failure/", failing_view), *site_urlpatterns]
