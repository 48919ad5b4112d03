"""The read-replica router: reads on the replica, a user's reads on the primary right after a write."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from gxpt import dbrouter
from gxpt.dbrouter import PIN_COOKIE, PinPrimaryMiddleware, PrimaryReplicaRouter

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    settings.REPLICA_PIN_SECONDS = 10


def run(request, view):
    """A request through the middleware; returns (response, the database each read used)."""
    reads = []

    def wrapped(request):
        reads.append(PrimaryReplicaRouter().db_for_read(None))
        response = view(request)
        reads.append(PrimaryReplicaRouter().db_for_read(None))
        return response

    return PinPrimaryMiddleware(wrapped)(request), reads


def reading(request):
    return HttpResponse("read")


def writing(request):
    PrimaryReplicaRouter().db_for_write(None)
    return HttpResponse("wrote")


def test_a_plain_read_uses_the_replica(replica):
    response, reads = run(RequestFactory().get("/demand/"), reading)
    assert reads == ["replica", "replica"]
    assert PIN_COOKIE not in response.cookies


def test_after_a_write_the_same_request_and_the_next_ones_read_the_primary(replica):
    response, reads = run(RequestFactory().get("/x/"), writing)
    assert reads == ["replica", "default"]  # read-your-own-write within the request
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    following = RequestFactory().get("/demand/")
    following.COOKIES[PIN_COOKIE] = cookie.value
    _response, reads = run(following, reading)
    assert reads == ["default", "default"]


def test_a_post_reads_the_primary_and_pins_the_next_reads(replica):
    response, reads = run(RequestFactory().post("/messages/"), reading)
    assert reads == ["default", "default"]
    assert PIN_COOKIE in response.cookies


def test_a_forged_pin_cookie_is_ignored(replica):
    request = RequestFactory().get("/demand/")
    request.COOKIES[PIN_COOKIE] = "1"
    _response, reads = run(request, reading)
    assert reads == ["replica", "replica"]


def test_outside_a_request_and_without_a_replica_everything_uses_the_primary(settings):
    assert PrimaryReplicaRouter().db_for_read(None) == "default"  # a task, a command
    response, reads = run(RequestFactory().get("/demand/"), reading)
    assert reads == ["default", "default"]
    assert dbrouter._state.get() == "primary"


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "catalog") and not router.allow_migrate("replica", "catalog")
