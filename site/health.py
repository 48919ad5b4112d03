"""`/healthz/`: the load balancer's check that this app server answers.

Trivial on purpose (no database, no cache): a server whose PostgreSQL is unreachable
still answers its own requests with a clear 503 page, and taking every app server out
of the pool at once for a database outage would only turn that page into a gateway
error. It is also the floor of `bench/load.py`: the cost of the stack itself.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
