"""Notifications: the provider on every status change, reviewers when something reaches their queue."""

import pytest
from django.core import mail

from nominations.workflow import Action, perform
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_submission_reaches_the_district_and_tells_the_provider(
    application, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        perform(application, people["provider"], Action.SUBMIT)
    assert titles(people["provider"]) == ["推荐目录申报：已提交"]
    assert titles(people["district"]) == [
        f"待审核：{application.provider.name}《{application.title}》"
    ]
    assert titles(people["other_district"]) == [] and titles(people["city"]) == []
    assert {m.to[0] for m in mail.outbox} == {people["provider"].email, people["district"].email}


def test_a_district_approval_reaches_the_city(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    perform(application, people["district"], Action.APPROVE, "同意")
    assert len(titles(people["city"])) == 1
    assert "区级同意" in titles(people["provider"])[0]


def test_a_city_return_goes_back_to_the_district_and_the_provider_sees_it(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    perform(application, people["district"], Action.APPROVE, "同意")
    perform(application, people["city"], Action.RETURN, "请区里核实金额")
    assert len(titles(people["district"])) == 2
    latest = Notification.objects.filter(recipient=people["provider"]).order_by("-pk").first()
    assert "市级退回" in latest.title and "请区里核实金额" in latest.body


def test_a_city_registered_providers_submission_reaches_the_city(round_, city_provider, people):
    from nominations.factories import ApplicationFactory

    application = ApplicationFactory(round=round_, provider=city_provider)
    perform(application, people["city_provider"], Action.SUBMIT)
    assert len(titles(people["city"])) == 1 and titles(people["district"]) == []
