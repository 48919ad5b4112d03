"""A provider's application: evidence from its own published listings, the figures, the stamped form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.factories import ApplicationFactory, SupplyListingFactory, png_bytes
from nominations.models import Application, Origin, RereviewResult, Round, Status
from nominations.workflow import Action, TransitionRefused, perform
from tests.nominations.helpers import steps

pytestmark = pytest.mark.django_db

ADD = reverse("nomination_applications:add")


def form_data(listing, **overrides):
    data = {
        "listing": listing.pk,
        "purchaser_name": "",
        "total_amount": "300000",
        "implemented_amount": "200000",
        "government_amount": "150000",
        "period_start": "2022-01-01",
        "period_end": "2024-06-30",
        "two_years_or_more": "on",
        "results": "服务居民 3000 人次",
        "recommendation_form": SimpleUploadedFile("form.png", png_bytes(), "image/png"),
    }
    data.update(overrides)
    return data


def test_a_provider_saves_an_application_from_its_published_listing(
    round_, provider, people, login
):
    listing = SupplyListingFactory(provider=provider)
    response = login(people["provider"]).post(ADD, form_data(listing))
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert (application.status, application.origin, application.round) == (
        Status.SAVED,
        "new",
        round_,
    )
    assert application.title == listing.title and application.domain == listing.domain
    assert application.purchaser_name == listing.purchaser_name  # taken from the listing
    assert [step[2] for step in steps(application)] == [Status.SAVED]


def test_another_providers_listing_cannot_be_chosen(round_, people, login):
    foreign = SupplyListingFactory()
    response = login(people["provider"]).post(ADD, form_data(foreign))
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_an_unpublished_listing_cannot_be_chosen(round_, provider, people, login):
    draft = SupplyListingFactory(provider=provider, live=False)
    response = login(people["provider"]).post(ADD, form_data(draft))
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_at_most_two_applications_per_provider_and_round(round_, provider, people, login):
    ApplicationFactory(round=round_, provider=provider)
    ApplicationFactory(round=round_, provider=provider)
    listing = SupplyListingFactory(provider=provider)
    response = login(people["provider"]).post(ADD, form_data(listing))
    assert "最多申报 2 个项目" in response.content.decode()
    assert Application.objects.count() == 2


def test_a_disguised_file_is_refused_as_the_recommendation_form(round_, provider, people, login):
    listing = SupplyListingFactory(provider=provider)
    fake = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = login(people["provider"]).post(ADD, form_data(listing, recommendation_form=fake))
    assert "JPG、PNG 或 PDF" in response.content.decode()
    assert not Application.objects.exists()


def test_implemented_amount_above_the_total_is_refused(round_, provider, people, login):
    listing = SupplyListingFactory(provider=provider)
    response = login(people["provider"]).post(ADD, form_data(listing, implemented_amount="900000"))
    assert "实施金额不能超过项目总体金额" in response.content.decode()
    assert not Application.objects.exists()


def test_no_new_application_outside_the_self_nomination_window(provider, people, login):
    today = datetime.date.today()
    Round.objects.create(
        year=2040,
        self_nomination_start=today - datetime.timedelta(days=60),
        self_nomination_end=today - datetime.timedelta(days=30),
        first_review_end=today + datetime.timedelta(days=1),
        rereview_end=today + datetime.timedelta(days=2),
        notice_start=today + datetime.timedelta(days=3),
        notice_end=today + datetime.timedelta(days=4),
        publication_by=today + datetime.timedelta(days=5),
    )
    response = login(people["provider"]).get(ADD, follow=True)
    assert "当前不在自荐时间内" in response.content.decode()


def test_submission_after_the_window_closes_is_refused_with_the_dates(round_, provider, people):
    application = ApplicationFactory(round=round_, provider=provider)
    late = round_.self_nomination_end + datetime.timedelta(days=1)
    with pytest.raises(TransitionRefused) as refusal:
        perform(application, people["provider"], Action.SUBMIT, today=late)
    assert "自荐时间为" in refusal.value.messages[0]
    application.refresh_from_db()
    assert application.status == Status.SAVED


def test_submission_needs_the_stamped_form(round_, provider, people):
    application = ApplicationFactory(round=round_, provider=provider, recommendation_form="")
    with pytest.raises(TransitionRefused, match="购买主体推荐意见表"):
        perform(application, people["provider"], Action.SUBMIT)


def test_a_returned_application_can_be_corrected_and_resubmitted(round_, provider, people, login):
    application = ApplicationFactory(
        round=round_, provider=provider, status=Status.DISTRICT_RETURNED
    )
    client = login(people["provider"])
    url = reverse("nomination_applications:edit", args=[application.pk])
    data = form_data(application.listing, results="补充了绩效评价报告")
    data["recommendation_form"] = SimpleUploadedFile("form.png", png_bytes(), "image/png")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.results == "补充了绩效评价报告"
    perform(application, people["provider"], Action.SUBMIT)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_recommendation_form_is_served_only_to_those_who_may_open_the_application(
    round_, provider, people, login
):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    url = reverse("nomination_applications:form", args=[application.pk])
    response = login(people["provider"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert login(people["district"]).get(url).status_code == 200
    assert login(people["other_district"]).get(url).status_code == 404
    assert login(people["other_provider"]).get(url).status_code == 404


def test_an_edit_cannot_set_the_status_or_the_re_review_result(round_, provider, people, login):
    """Statuses are reached only through the transition table: form fields cannot set them."""
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SAVED)
    client = login(people["provider"])
    url = reverse("nomination_applications:edit", args=[application.pk])
    data = form_data(application.listing, results="改过的成效")
    data.update(
        status=Status.CITY_APPROVED,
        rereview_result="passed",
        origin="carried_over",
        submitted_at="2031-07-01 10:00",
        last_opinion="同意",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.results == "改过的成效"
    assert (application.status, application.rereview_result, application.origin) == (
        Status.SAVED,
        RereviewResult.PENDING,
        Origin.NEW,
    )
    assert application.submitted_at is None and application.last_opinion == ""
