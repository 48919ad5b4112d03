"""Review queues in the admin: who sees which applications, and what they may do there."""

import pytest
from django.urls import reverse

from catalog.factories import ProviderFactory, district
from catalog.models import AnnualInspection, CreditEvent
from nominations.factories import ApplicationFactory
from nominations.models import Application, Status
from tests.nominations.helpers import steps

pytestmark = pytest.mark.django_db

INDEX = reverse("nomination_applications:index")


def review_url(application):
    return reverse("nomination_applications:review", args=[application.pk])


def test_the_district_queue_lists_its_district_submissions_but_not_drafts_or_other_districts(
    round_, provider, people, login
):
    submitted = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    draft = ApplicationFactory(round=round_, provider=provider, status=Status.SAVED)
    elsewhere = ApplicationFactory(
        round=round_, provider=ProviderFactory(district=district("徐汇区")), status=Status.SUBMITTED
    )
    content = login(people["district"]).get(INDEX).content.decode()
    assert submitted.title in content
    assert draft.title not in content
    assert elsewhere.title not in content


def test_a_district_admin_cannot_open_another_districts_application(round_, people, login):
    elsewhere = ApplicationFactory(
        round=round_, provider=ProviderFactory(district=district("徐汇区")), status=Status.SUBMITTED
    )
    assert login(people["district"]).get(review_url(elsewhere)).status_code == 404


def test_the_city_queue_spans_districts(round_, provider, people, login):
    one = ApplicationFactory(round=round_, provider=provider, status=Status.DISTRICT_APPROVED)
    two = ApplicationFactory(
        round=round_,
        provider=ProviderFactory(district=district("徐汇区")),
        status=Status.DISTRICT_APPROVED,
    )
    content = login(people["city"]).get(INDEX).content.decode()
    assert one.title in content and two.title in content


def test_a_provider_sees_only_its_own_applications_with_their_opinions(
    round_, provider, people, login
):
    own = ApplicationFactory(
        round=round_,
        provider=provider,
        status=Status.DISTRICT_RETURNED,
        last_opinion="请补充绩效评价报告",
    )
    other = ApplicationFactory(round=round_, status=Status.SAVED)
    client = login(people["provider"])
    content = client.get(INDEX).content.decode()
    assert own.title in content and other.title not in content
    assert client.get(review_url(other)).status_code == 404
    assert "区级退回" in client.get(review_url(own)).content.decode()


def test_the_queue_filters_by_status_domain_and_origin(round_, provider, people, login):
    submitted = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    approved = ApplicationFactory(
        round=round_, provider=provider, status=Status.DISTRICT_APPROVED, origin="carried_over"
    )
    client = login(people["district"])
    content = client.get(INDEX, {"status": Status.SUBMITTED}).content.decode()
    assert submitted.title in content and approved.title not in content
    content = client.get(INDEX, {"origin": "carried_over"}).content.decode()
    assert approved.title in content and submitted.title not in content
    first_level = submitted.domain.first_level
    assert submitted.title in client.get(INDEX, {"domain": first_level.pk}).content.decode()


def test_the_review_page_shows_the_preferred_conditions_as_checks(round_, provider, people, login):
    provider.grade = "2A"
    provider.has_social_workers = True
    provider.save()
    AnnualInspection.objects.create(provider=provider, year=round_.year - 1, result="passed")
    AnnualInspection.objects.create(provider=provider, year=round_.year - 2, result="passed")
    CreditEvent.objects.create(
        provider=provider, kind="other", occurred_on="2030-01-01", description="逾期报送年报"
    )
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    content = login(people["district"]).get(review_url(application)).content.decode()
    assert "评估等级3A（含）以上" in content and "✗ 不符合" in content
    assert "近两年年度检查合格" in content and "✓ 符合" in content
    assert "逾期报送年报" in content


def test_a_seriously_dishonest_provider_cannot_be_approved_in_the_admin(
    round_, provider, people, login
):
    provider.is_seriously_dishonest = True
    provider.save()
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    client = login(people["district"])
    response = client.post(review_url(application), {"action": "approve", "opinion": "同意"})
    assert "严重失信" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_approving_in_the_admin_moves_the_application_and_keeps_the_opinion(
    round_, provider, people, login
):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    response = login(people["district"]).post(
        review_url(application), {"action": "approve", "opinion": "材料齐全，同意推荐"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.DISTRICT_APPROVED
    assert steps(application)[-1] == (
        people["district"].pk,
        Status.SUBMITTED,
        Status.DISTRICT_APPROVED,
        "材料齐全，同意推荐",
        "approve",
    )


def test_a_return_without_opinion_is_refused_with_a_message(round_, provider, people, login):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    response = login(people["district"]).post(
        review_url(application), {"action": "return", "opinion": " "}
    )
    assert "请填写意见" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_provider_cannot_review_its_own_application(round_, provider, people, login):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    response = login(people["provider"]).post(
        review_url(application), {"action": "approve", "opinion": "好"}
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_provider_cannot_edit_a_submitted_application(round_, provider, people, login):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    client = login(people["provider"])
    url = reverse("nomination_applications:edit", args=[application.pk])
    assert client.get(url).status_code == 302
    assert client.post(url, {"results": "改"}).status_code == 302
    application.refresh_from_db()
    assert application.results != "改"


@pytest.mark.parametrize("who", ["district", "city"])
def test_queues_render_with_a_constant_number_of_queries(
    who, round_, people, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people[who])
    status = Status.SUBMITTED if who == "district" else Status.DISTRICT_APPROVED
    for _ in range(3):
        ApplicationFactory(
            round=round_, provider=ProviderFactory(district=district("黄浦区")), status=status
        )
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200
    for _ in range(12):
        ApplicationFactory(
            round=round_, provider=ProviderFactory(district=district("黄浦区")), status=status
        )
    with CaptureQueriesContext(connection) as many:
        content = client.get(INDEX).content.decode()
    assert (
        Application.objects.count() == 15
        and content.count("/nominations/applications/review/") >= 15
    )
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["district", "city"])
def test_the_queue_orders_and_counts_bare_rows_and_annotates_only_its_page(
    who, round_, people, login
):
    """Issue 13 / review-queue speed: the provider's inspections and credit events are
    computed for the page's rows, not for every row the database sorts or counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(35):  # more than a page
        ApplicationFactory(
            round=round_,
            provider=ProviderFactory(district=district("黄浦区")),
            status=Status.SUBMITTED,
        )
    client = login(people[who])
    with CaptureQueriesContext(connection) as queries:
        content = client.get(INDEX).content.decode()
    assert content.count("/nominations/applications/review/") == 30
    ours = [q["sql"] for q in queries if 'FROM "nominations_application"' in q["sql"]]
    ordered = [sql for sql in ours if "ORDER BY" in sql and "LIMIT 30" in sql]
    counted = [sql for sql in ours if "COUNT(*)" in sql]
    annotated = [sql for sql in ours if "catalog_annualinspection" in sql]
    assert ordered and counted and len(annotated) == 1
    for sql in ordered + counted:
        assert "catalog_annualinspection" not in sql and "catalog_creditevent" not in sql
    assert '"nominations_application"."id" IN (' in annotated[0]
