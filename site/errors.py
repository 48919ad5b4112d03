"""The server-error page: a clear Chinese message, and 503 while the database is unreachable.

Django calls `server_error` for any uncaught exception (with DEBUG off), from any layer:
a view, a template or a middleware. While PostgreSQL is down or restarting the visitor
gets a 503 with Retry-After instead of a bare 500, so a load balancer or a browser knows
to try again; nothing is written half-way, since every request's writes are in one
transaction. The page is rendered without a request context: it must not need the
database it reports as unavailable.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    unavailable = isinstance(exc, UNAVAILABLE) or (
        isinstance(exc, DatabaseError) and isinstance(exc.__cause__, UNAVAILABLE)
    )
    if unavailable:
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
