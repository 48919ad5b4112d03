"""Permission boundaries of the nomination screens and API, from both sides."""

import datetime

import pytest
from django.urls import reverse
from wagtail.permissions import policy_registry

from catalog.factories import make_user
from nominations import permissions, rounds
from nominations.factories import ApplicationFactory
from nominations.models import Objection, Round, Status
from nominations.workflow import Action, perform
from tests.nominations.helpers import scored

pytestmark = pytest.mark.django_db

ROUND_FIELDS = {
    "year": 2032,
    "title": "",
    "self_nomination_start": "2032-06-25",
    "self_nomination_end": "2032-07-24",
    "first_review_end": "2032-08-20",
    "rereview_end": "2032-08-31",
    "notice_start": "2032-09-01",
    "notice_end": "2032-09-07",
    "publication_by": "2032-09-30",
}


def test_city_admins_set_rounds(people, login):
    response = login(people["city"]).post(reverse("nomination_rounds:add"), ROUND_FIELDS)
    assert response.status_code == 302
    assert Round.objects.filter(year=2032).exists()


@pytest.mark.parametrize("who", ["district", "provider", "monitor", "expert"])
def test_other_roles_cannot_set_rounds(who, people, login):
    response = login(people[who]).post(reverse("nomination_rounds:add"), ROUND_FIELDS)
    assert response.status_code in (302, 403)
    assert not Round.objects.filter(year=2032).exists()


def test_windows_out_of_order_are_refused_with_a_message(people, login):
    data = {**ROUND_FIELDS, "self_nomination_end": "2032-09-24"}
    response = login(people["city"]).post(reverse("nomination_rounds:add"), data)
    assert "各阶段时间须依次排列" in response.content.decode()
    assert not Round.objects.filter(year=2032).exists()


def test_only_the_city_runs_the_round_steps(round_, people, login):
    url = reverse("nomination_rounds:manage", args=[round_.pk])
    assert login(people["district"]).get(url).status_code == 302
    assert login(people["city"]).get(url).status_code == 200


def test_only_the_city_answers_objections(round_, people, login):
    objection = Objection.objects.create(round=round_, name="张", contact="x", content="异议")
    url = reverse("nomination_objections:edit", args=[objection.pk])
    login(people["monitor"]).post(url, {"answer": "监测中心的答复"})
    objection.refresh_from_db()
    assert not objection.is_answered
    login(people["city"]).post(url, {"answer": "已核实"})
    objection.refresh_from_db()
    assert objection.answer == "已核实" and objection.is_answered


def test_the_api_serves_only_live_directory_pages(round_, provider, people, client):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    scored(application)
    perform(application, people["city"], Action.PASS_REREVIEW)
    rounds.publish_notice(round_, people["city"], today=round_.notice_start)
    page = rounds.publish_directory(
        round_, people["city"], today=round_.notice_end + datetime.timedelta(days=1)
    )
    assert client.get(reverse("api-directory-year", args=[round_.year])).status_code == 200
    page.unpublish()
    assert client.get(reverse("api-directory-year", args=[round_.year])).status_code == 404
    assert client.get(reverse("api-directory")).json()["results"] == []


def test_the_api_is_read_only(client):
    assert client.post(reverse("api-directory"), {}).status_code == 405


def test_the_admin_screens_ask_the_nominations_policies():
    for policy in permissions.POLICIES:
        assert policy_registry.get_by_type(policy.model) is policy


# A superuser has no organization to apply for nor a district to upload for.
@pytest.mark.parametrize(
    ("model", "action", "allowed"),
    [
        ("application", "add", {"provider", "city_provider", "other_provider"}),
        ("round", "change", {"city", "superuser"}),
        ("summary", "add", {"district", "other_district"}),
        ("summary", "export", {"district", "other_district"}),
        ("expert_review", "add", {"monitor", "superuser"}),
        ("objection", "change", {"city", "superuser"}),
    ],
)
def test_who_the_policies_let_act(model, action, allowed, people):
    policy = getattr(permissions, f"{model}_policy")
    parties = {**people, "superuser": make_user(None)}
    assert {name for name, user in parties.items() if policy.user_has_permission(user, action)} == (
        allowed
    )
