"""What each party sees: the review page, the round's page, the expert's work queue, the form limits."""

import pytest
from django.urls import reverse

from catalog.models import CreditEvent
from nominations.factories import ApplicationFactory, SupplyListingFactory
from nominations.models import Application, Status
from nominations.workflow import Action, perform
from tests.nominations.test_applications import ADD, form_data

pytestmark = pytest.mark.django_db


def review(client, application):
    return client.get(reverse("nomination_applications:review", args=[application.pk]))


def test_the_review_page_links_the_evidence_listing(application, people, login):
    from catalog.models import SupplyIndexPage

    board = SupplyIndexPage.objects.live().first()
    perform(application, people["provider"], Action.SUBMIT)
    page = review(login(people["district"]), application).content.decode()
    assert "项目详情" in page
    if board:  # the site tree of the test database has the board
        assert f"{board.url}{application.listing_id}/" in page
    assert 'name="opinion"' in page


def test_the_providers_own_page_has_no_opinion_box(application, people, login):
    page = review(login(people["provider"]), application).content.decode()
    assert ">提交</button>" in page
    assert 'name="opinion"' not in page and "审核意见" not in page


def test_the_summary_is_limited_to_500_characters(round_, provider, people, login):
    listing = SupplyListingFactory(provider=provider)
    response = login(people["provider"]).post(ADD, form_data(listing, summary="概" * 501))
    assert response.status_code == 200
    assert "500" in response.content.decode()
    assert not Application.objects.exists()
    response = login(people["provider"]).post(ADD, form_data(listing, summary="概" * 500))
    assert response.status_code == 302
    assert len(Application.objects.get().summary) == 500


def test_the_rounds_list_has_a_visible_link_to_the_rounds_page(round_, people, login):
    page = login(people["city"]).get(reverse("nomination_rounds:index")).content.decode()
    assert reverse("nomination_rounds:manage", args=[round_.pk]) in page
    assert "进度与操作" in page


def test_the_rounds_page_is_titled_by_the_round_and_shows_steps_counts_and_todo(
    round_, provider, people, login
):
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    page = (
        login(people["city"])
        .get(reverse("nomination_rounds:manage", args=[round_.pk]))
        .content.decode()
    )
    assert f"<title>{round_}" in page or f"{round_} |" in page or str(round_) in page
    assert "<title>首页" not in page
    for label in ("自荐", "初审", "复审", "公示", "发布", "进行中", "未开始"):
        assert label in page
    assert round_.notice_start.isoformat() in page
    assert "1 个申报仍为“已提交”，待黄浦区民政局处理" in page
    for button in ("结转上年目录（原有）", "发布公示", "发布推荐目录"):
        assert f">{button}</button>" in page


def test_the_experts_list_is_a_work_queue_with_the_form_and_the_deadline(
    round_, provider, people, login
):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["expert"])
    review_row = application.expert_reviews.get()
    expert = login(people["expert"])
    page = expert.get(reverse("nomination_expert_reviews:index")).content.decode()
    assert reverse("nomination_expert_reviews:edit", args=[review_row.pk]) in page
    assert round_.rereview_end.isoformat() in page
    assert ">评分</a>" in page and "申报详情与信用记录" in page


def test_the_scoring_form_has_the_credit_record_at_hand(round_, provider, people, login):
    import datetime

    CreditEvent.objects.create(
        provider=provider,
        kind=CreditEvent._meta.get_field("kind").choices[0][0],
        occurred_on=datetime.date(2030, 3, 1),
        description="虚假宣传：项目金额前后矛盾",
    )
    application = ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["expert"])
    page = (
        login(people["expert"])
        .get(reverse("nomination_expert_reviews:edit", args=[application.expert_reviews.get().pk]))
        .content.decode()
    )
    assert "虚假宣传：项目金额前后矛盾" in page
    assert "评估等级3A（含）以上" in page
    assert 'name="score"' in page
