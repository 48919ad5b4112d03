"""Re-review, the public notice with objections, publication as pages, the API, and carry-over."""

import datetime

import pytest
from django.urls import reverse

from nominations import rounds
from nominations.factories import ApplicationFactory
from nominations.models import (
    Application,
    DirectoryYearPage,
    ExpertReview,
    Objection,
    Origin,
    Status,
)
from nominations.workflow import Action, TransitionRefused, perform
from notices.models import AnnouncementPage
from tests.nominations.helpers import scored, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(round_, provider):
    return scored(ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED))


def test_the_service_centre_assigns_experts_and_the_expert_scores(approved, people, login):
    response = login(people["monitor"]).post(
        reverse("nomination_expert_reviews:add"),
        {"application": approved.pk, "expert": people["expert"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = ExpertReview.objects.get(expert=people["expert"])
    expert = login(people["expert"])
    response = expert.post(
        reverse("nomination_expert_reviews:edit", args=[review.pk]),
        {"score": 88, "comment": "成效显著"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.score, review.comment) == (88, "成效显著") and review.scored_at


def test_an_expert_cannot_score_a_review_assigned_to_someone_else(
    approved, people, login, user_with_role
):
    from accounts.roles import Role

    review = ExpertReview.objects.create(application=approved, expert=user_with_role(Role.EXPERT))
    response = login(people["expert"]).post(
        reverse("nomination_expert_reviews:edit", args=[review.pk]), {"score": 10, "comment": "x"}
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.score is None


def test_only_the_service_centre_assigns_experts(approved, people, login):
    login(people["district"]).post(
        reverse("nomination_expert_reviews:add"),
        {"application": approved.pk, "expert": people["expert"].pk},
    )
    assert not ExpertReview.objects.filter(expert=people["expert"]).exists()


def test_the_city_decides_who_passes_the_re_review(approved, people):
    with pytest.raises(TransitionRefused):
        perform(approved, people["monitor"], Action.PASS_REREVIEW)
    perform(approved, people["city"], Action.PASS_REREVIEW)
    approved.refresh_from_db()
    assert approved.rereview_result == "passed"


def passed_round(round_, approved, city):
    perform(approved, city, Action.PASS_REREVIEW)
    return rounds.publish_notice(round_, city, today=round_.notice_start)


def test_the_notice_publishes_the_passing_list_as_an_announcement(round_, approved, people):
    failed = scored(ApplicationFactory(round=round_, status=Status.CITY_APPROVED))
    perform(failed, people["city"], Action.FAIL_REREVIEW, "项目成效材料不足")
    page = passed_round(round_, approved, people["city"])
    assert isinstance(page, AnnouncementPage) and page.live
    text = str(page.body)
    assert approved.title in text and approved.provider.name in text
    assert failed.title not in text
    assert rounds.publish_notice(round_, people["city"]).pk == page.pk  # idempotent
    assert page.issue_date == round_.notice_start  # dated the day it went online


def test_the_notice_waits_for_every_re_review_decision(round_, approved, people):
    with pytest.raises(rounds.RoundError, match="尚未作出复审决定，待市民政局决定"):
        rounds.publish_notice(round_, people["city"], today=round_.notice_start)


def notice_open(round_):
    today = datetime.date.today()
    round_.refresh_from_db()
    round_.notice_start = today - datetime.timedelta(days=1)
    round_.notice_end = today + datetime.timedelta(days=1)
    round_.save(update_fields=["notice_start", "notice_end"])


def test_an_objection_is_lodged_on_the_public_form(round_, approved, people, client):
    passed_round(round_, approved, people["city"])
    notice_open(round_)
    url = f"/directory/objections/{round_.year}/"
    response = client.post(
        url,
        {
            "application": approved.pk,
            "name": "张先生",
            "contact": "13800000000",
            "content": "该项目并未实施两年",
        },
    )
    assert "已收到" in response.content.decode()
    objection = Objection.objects.get()
    assert objection.application == approved and not objection.is_answered


def test_the_honeypot_stores_nothing(round_, approved, people, client):
    passed_round(round_, approved, people["city"])
    notice_open(round_)
    client.post(
        f"/directory/objections/{round_.year}/",
        {"name": "bot", "contact": "x", "content": "spam", "website": "http://spam"},
    )
    assert not Objection.objects.exists()


def test_objections_are_rate_limited_per_address(round_, approved, people, client):
    from django.core.cache import cache

    cache.clear()
    passed_round(round_, approved, people["city"])
    notice_open(round_)
    url = f"/directory/objections/{round_.year}/"
    for n in range(7):
        response = client.post(url, {"name": f"甲{n}", "contact": "x", "content": "异议"})
    assert Objection.objects.count() == 5
    assert "提交过于频繁" in response.content.decode()


def test_publication_waits_for_the_notice_period_and_answered_objections(
    round_, approved, people, login
):
    passed_round(round_, approved, people["city"])
    with pytest.raises(rounds.RoundError, match="公示期满"):
        rounds.publish_directory(round_, people["city"], today=round_.notice_end)
    objection = Objection.objects.create(round=round_, name="张", contact="x", content="异议")
    after = round_.notice_end + datetime.timedelta(days=1)
    with pytest.raises(rounds.RoundError, match="未答复"):
        rounds.publish_directory(round_, people["city"], today=after)
    login(people["city"]).post(
        reverse("nomination_objections:edit", args=[objection.pk]),
        {"answer": "经核实，项目实施已满两年"},
    )
    objection.refresh_from_db()
    assert objection.is_answered and objection.answered_by == people["city"]
    page = rounds.publish_directory(round_, people["city"], today=after)
    assert isinstance(page, DirectoryYearPage) and page.live
    entry = page.entries.get()
    assert (entry.first_domain, entry.second_domain, entry.provider_name, entry.project_title) == (
        "养老服务",
        "居家照护及社区托养",
        approved.provider.name,
        approved.title,
    )


def published(round_, approved, city):
    passed_round(round_, approved, city)
    return rounds.publish_directory(
        round_, city, today=round_.notice_end + datetime.timedelta(days=1)
    )


def test_the_directory_page_is_readable_on_the_site_grouped_by_domain(
    round_, approved, people, client
):
    page = published(round_, approved, people["city"])
    content = client.get(page.url).content.decode()
    assert "养老服务" in content and "居家照护及社区托养" in content
    assert approved.provider.name in content and approved.title in content


def test_the_directory_is_readable_through_the_api(round_, approved, people, client):
    published(round_, approved, people["city"])
    data = client.get(reverse("api-directory-year", args=[round_.year])).json()
    assert data["year"] == round_.year
    assert data["entries"][0]["provider_name"] == approved.provider.name
    assert data["entries"][0]["first_domain"] == "养老服务"


def test_earlier_years_stay_online_and_come_back_as_carried_over(round_, approved, people, client):
    published(round_, approved, people["city"])
    from nominations.factories import RoundFactory

    next_round = RoundFactory(year=round_.year + 1)
    assert rounds.carry_over(next_round) == 1
    assert rounds.carry_over(next_round) == 0  # idempotent
    carried = Application.objects.get(round=next_round)
    assert (carried.origin, carried.status, carried.listing_id) == (
        Origin.CARRIED_OVER,
        Status.SUBMITTED,
        approved.listing_id,
    )
    assert [(step[2], step[4]) for step in steps(carried)] == [(Status.SUBMITTED, "carry_over")]
    years = [d["year"] for d in client.get(reverse("api-directory")).json()["results"]]
    assert years == [round_.year]
    assert client.get(DirectoryYearPage.objects.get().url).status_code == 200


def test_the_directory_page_is_in_wagtails_page_api_with_its_entries(
    round_, approved, people, client
):
    page = published(round_, approved, people["city"])
    response = client.get(
        "/api/v2/pages/", {"type": "nominations.DirectoryYearPage", "fields": "year,entries"}
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["id"] == page.pk and item["year"] == round_.year
    assert item["entries"][0]["project_title"] == approved.title
    assert item["entries"][0]["second_domain"] == "居家照护及社区托养"
