"""Password-reset rate limits and the client address behind trusted proxies (issue 11).

- Reset requests: at most RESET_LIMITS per client address and per e-mail address typed;
  over the limit nothing is sent, the answer is the same redirect as for any request
  (known or unknown address, limited or not), and the refusal is in the audit trail.
- One client address for everyone: django-axes (lock-outs), our throttles and the audit
  trail all take accounts.throttling.client_ip, past GXPT_TRUSTED_PROXY_COUNT proxies; a
  spraying client behind the proxy is locked out, another client behind the same proxy
  is not (the proxy's own address is never the bucket).
"""

import pytest
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core import mail
from django.test import RequestFactory, override_settings
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from accounts.throttling import client_ip
from security import audit
from security.reset import RESET_LIMITS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PER_HOUR = RESET_LIMITS[0].count
PROXY = "10.0.0.1"


def reset(client, email, ip="192.0.2.10"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=ip)


@pytest.fixture
def known(user_with_role):
    user = user_with_role(Role.PROVIDER)
    user.email = "known@example.cn"
    user.save()
    return user


def test_reset_mail_stops_at_the_limit_per_client_with_the_same_answer(client, known):
    answers = [reset(client, known.email) for _ in range(PER_HOUR)]
    assert len(mail.outbox) == PER_HOUR
    limited = reset(client, known.email)
    assert len(mail.outbox) == PER_HOUR  # nothing more sent
    assert {a["Location"] for a in answers} == {limited["Location"]}
    assert limited.status_code == 302
    refusal = ModelLogEntry.objects.get(action=audit.REFUSED)
    assert refusal.data["status"] == 429 and refusal.data["ip"] == "192.0.2.10"
    # Another client is not affected by the first one's count.
    other_user_email = "other@example.cn"
    known.email = other_user_email
    known.save()
    reset(client, other_user_email, ip="192.0.2.99")
    assert len(mail.outbox) == PER_HOUR + 1


def test_reset_mail_stops_at_the_limit_per_address_typed_from_many_clients(client, known):
    for number in range(PER_HOUR):
        reset(client, known.email, ip=f"192.0.2.{number + 20}")
    assert len(mail.outbox) == PER_HOUR
    reset(client, known.email.upper(), ip="192.0.2.200")  # the same address, other case
    assert len(mail.outbox) == PER_HOUR


def test_a_limited_request_for_an_unknown_address_answers_like_a_known_one(client, known):
    for _ in range(PER_HOUR + 1):
        unknown = reset(client, "nobody@example.cn", ip="192.0.2.50")
    fresh = reset(client, known.email, ip="192.0.2.51")
    assert unknown.status_code == fresh.status_code == 302
    assert unknown["Location"] == fresh["Location"]


@override_settings(GXPT_TRUSTED_PROXY_COUNT=1)
def test_axes_and_our_throttles_take_the_same_client_address():
    factory = RequestFactory()
    for forwarded, remote in (
        ("203.0.113.7", PROXY),
        ("198.51.100.1, 203.0.113.7", PROXY),  # the client wrote the first entry itself
        ("", "203.0.113.8"),
        ("not-an-address", PROXY),
    ):
        request = factory.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
        assert get_client_ip_address(request) == client_ip(request), forwarded
    request = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7", REMOTE_ADDR=PROXY)
    assert client_ip(request) == "203.0.113.7"


@override_settings(GXPT_TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_a_forged_header_is_ignored_by_axes_too():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR=PROXY)
    assert get_client_ip_address(request) == client_ip(request) == PROXY


@override_settings(GXPT_TRUSTED_PROXY_COUNT=1)
def test_a_spraying_client_behind_the_proxy_is_locked_and_its_neighbour_is_not(
    client, user_with_role
):
    def login(user, password, client_address):
        return client.post(
            "/admin/login/",
            {"username": user.username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(user_with_role(Role.PROVIDER), "Spray-2026-pw", "203.0.113.66")
    fresh = user_with_role(Role.PROVIDER)
    assert login(fresh, PASSWORD, "203.0.113.66").status_code == 429
    assert login(fresh, PASSWORD, "203.0.113.67").status_code == 302
    failed = ModelLogEntry.objects.filter(action=audit.LOGIN_FAILED).first()
    assert failed.data["ip"] == "203.0.113.66"
