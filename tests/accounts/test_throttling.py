"""The public forms' abuse protection: the client behind trusted proxies, counts in the shared cache."""

import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from accounts.throttling import (
    Limit,
    Throttle,
    TimedForm,
    client_ip,
    client_key,
    honeypot_filled,
    issue_token,
)

pytestmark = pytest.mark.django_db


def request(remote="203.0.113.7", forwarded=None, user=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    result = RequestFactory().post("/", **meta)
    result.user = user or AnonymousUser()
    return result


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request(forwarded="198.51.100.1")) == "203.0.113.7"


@override_settings(GXPT_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


@override_settings(GXPT_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.1")) == "198.51.100.1"
    assert client_ip(request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


@override_settings(GXPT_TRUSTED_PROXY_COUNT=1)
def test_a_garbled_forwarded_header_falls_back_to_the_peer_address():
    assert client_ip(request("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_ip(request("10.0.0.2", "")) == "10.0.0.2"


def test_the_client_key_is_a_hash_not_the_address():
    key = client_key(request())
    assert len(key) == 64 and "203.0.113.7" not in key
    assert key == client_key(request()) != client_key(request("203.0.113.8"))


def test_a_throttle_counts_accepted_submissions_in_the_cache_per_client():
    throttle = Throttle("test-form", (Limit(2, 60),))
    alice, bob = request("198.51.100.1"), request("198.51.100.2")
    throttle.record(alice)
    assert not throttle.exceeded(alice)
    throttle.record(alice)
    assert throttle.exceeded(alice)
    assert not throttle.exceeded(bob)
    cache.clear()  # the window is over
    assert not throttle.exceeded(alice)


def test_the_tightest_of_several_windows_decides():
    throttle = Throttle("test-form", (Limit(5, 600), Limit(1, 60)))
    throttle.record(request())
    assert throttle.exceeded(request())


def test_an_account_is_counted_whatever_its_address(user_with_role):
    user = user_with_role(None)
    throttle = Throttle("test-form", (Limit(2, 60),), per_account=True)
    throttle.record(request("198.51.100.1", user=user))
    throttle.record(request("198.51.100.2", user=user))
    assert throttle.exceeded(request("198.51.100.3", user=user))
    assert not throttle.exceeded(request("198.51.100.3"))
    # Without per_account the address alone counts.
    assert not Throttle("test-form", (Limit(2, 60),)).exceeded(request("198.51.100.3", user=user))


def test_forms_have_separate_counts():
    Throttle("one", (Limit(1, 60),)).record(request())
    assert Throttle("one", (Limit(1, 60),)).exceeded(request())
    assert not Throttle("two", (Limit(1, 60),)).exceeded(request())


def test_the_honeypot_and_the_time_stamp_refuse_bots_in_chinese():
    assert honeypot_filled({"website": "http://spam"}) and not honeypot_filled({"website": ""})
    human = TimedForm({"website": "", "token": issue_token(time.time() - 30)})
    assert human.is_valid(), human.errors
    for data, message in (
        ({"website": "x", "token": issue_token(time.time() - 30)}, "未通过校验"),
        ({"token": issue_token()}, "请确认内容无误后再次点击提交"),
        ({"token": issue_token(time.time() - 2 * 24 * 3600)}, "已过期"),
        ({"token": "forged"}, "已失效"),
    ):
        form = TimedForm(data)
        assert not form.is_valid()
        assert message in " ".join(form.non_field_errors())


def test_an_unbound_timed_form_carries_a_fresh_token():
    issued = TimedForm().initial["token"]
    form = TimedForm({"token": issued})
    assert not form.is_valid() and "请确认内容无误后再次点击提交" in " ".join(form.non_field_errors())
