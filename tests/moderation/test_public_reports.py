"""Reporting a public record: a flag for the service centre, spam-protected and rate-limited."""

import time

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.throttling import issue_token
from catalog.factories import ProviderFactory, make_user
from moderation.models import Flag, Report
from notifications.models import Notification

from .helpers import publish, supply

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "reason": "false",
        "text": "该机构并未获得所称的国家级荣誉。",
        "contact": "",
        "website": "",
        "token": issue_token(time.time() - 30),
    }
    data.update(overrides)
    return data


@pytest.fixture
def listing():
    return publish(supply(provider=ProviderFactory()))


def url(listing):
    return reverse("moderation:report", args=["supply", listing.pk])


def test_a_visitor_reports_a_public_listing_and_the_monitors_get_a_flag(client, listing):
    monitor = make_user(Role.MONITOR)
    assert client.get(url(listing)).status_code == 200
    response = client.post(url(listing), form())
    assert response.status_code == 302
    flag = Flag.objects.get(object_id=listing.pk, rule="report.public")
    assert flag.source == "report" and flag.provider_id == listing.provider_id
    assert "国家级荣誉" in flag.excerpt
    assert Report.objects.get().flag == flag
    assert Notification.objects.filter(recipient=monitor).exists()


def test_a_second_report_joins_the_open_report_flag(client, listing):
    client.post(url(listing), form())
    client.post(url(listing), form(reason="privacy", text="页面上有负责人的私人手机号。"))
    flag = Flag.objects.get(object_id=listing.pk, rule="report.public")
    assert flag.reports.count() == 2 and "私人手机号" in flag.excerpt


def test_reports_on_hidden_or_unpublished_records_are_not_possible(client, listing):
    type(listing).objects.filter(pk=listing.pk).update(live=False)
    assert client.get(url(listing)).status_code == 404
    assert client.get(reverse("moderation:report", args=["nothing", 1])).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "差"}, "至少5个字"),
        ({"reason": "nonsense"}, "选择一个有效的选项"),
        ({"website": "http://spam.example"}, "未通过校验"),
        ({"token": "forged"}, "表单已失效"),
        ({"token": "now"}, "请确认内容无误后再次点击提交"),
    ],
)
def test_bad_or_automated_input_gets_a_chinese_message_and_changes_nothing(
    client, listing, overrides, message
):
    if overrides.get("token") == "now":
        overrides = {"token": issue_token()}  # issued right now: a bot's instant submit
    response = client.post(url(listing), form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Report.objects.exists() and not Flag.objects.filter(rule="report.public").exists()


def test_a_fast_typist_only_has_to_press_submit_again(client, listing, monkeypatch):
    token = issue_token()
    data = form(token=token, text="联系电话写的是私人手机号。")
    refused = client.post(url(listing), data).content.decode()
    assert "您填写的内容已保留" in refused and "提交过快" not in refused
    assert f'value="{token}"' in refused and "联系电话写的是私人手机号。" in refused
    # A few seconds later (the minimum is shortened rather than slept through).
    monkeypatch.setattr("accounts.throttling.MIN_SECONDS", 0)
    assert client.post(url(listing), data).status_code == 302
    assert Report.objects.count() == 1


def test_reports_are_rate_limited_per_ip(client, listing):
    for _ in range(3):
        assert client.post(url(listing), form()).status_code == 302
    response = client.post(url(listing), form())
    assert "提交过于频繁" in response.content.decode()
    assert Report.objects.count() == 3
    other_ip = client.post(url(listing), form(), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


def test_reports_are_rate_limited_per_account_across_ips(client, listing):
    client.force_login(
        make_user(Role.PROVIDER), backend="django.contrib.auth.backends.ModelBackend"
    )
    for i in range(3):
        client.post(url(listing), form(), REMOTE_ADDR=f"10.0.1.{i}")
    response = client.post(url(listing), form(), REMOTE_ADDR="10.0.1.99")
    assert "提交过于频繁" in response.content.decode()
    assert Report.objects.count() == 3


def test_public_pages_get_the_report_link_from_a_template_tag(listing):
    from django.template import Context, Template

    html = Template("{% load moderation_tags %}{% report_url obj %}").render(
        Context({"obj": listing})
    )
    assert html == url(listing)
    assert (
        Template("{% load moderation_tags %}{% report_url obj %}").render(Context({"obj": 1})) == ""
    )
