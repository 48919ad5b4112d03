"""The application's history is its Wagtail log entries: every step, who, when, from, to, opinion,
and the admin's built-in History view shows them."""

import pytest
from django.urls import reverse

from nominations.models import Status
from nominations.workflow import Action, perform
from tests.nominations.helpers import steps

pytestmark = pytest.mark.django_db


def test_every_step_logs_who_from_to_and_opinion(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    perform(application, people["district"], Action.RETURN, "请补充购买主体推荐意见")
    assert steps(application) == [
        (people["provider"].pk, Status.SAVED, Status.SUBMITTED, "", "submit"),
        (
            people["district"].pk,
            Status.SUBMITTED,
            Status.DISTRICT_RETURNED,
            "请补充购买主体推荐意见",
            "return",
        ),
    ]


def test_the_admin_history_view_is_the_applications_history(application, people, login):
    perform(application, people["provider"], Action.SUBMIT)
    perform(application, people["district"], Action.RETURN, "请补充购买主体推荐意见")
    response = login(people["city"]).get(
        reverse("nomination_applications:history", args=[application.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "退回 — 区民政局：已提交 → 区级退回" in page
    assert "请补充购买主体推荐意见" in page


def test_a_refused_step_logs_nothing(application, people):
    from nominations.workflow import TransitionRefused

    with pytest.raises(TransitionRefused):
        perform(application, people["district"], Action.APPROVE, "同意")
    assert steps(application) == []
