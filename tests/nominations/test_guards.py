"""Each round step checks what `000` 四 requires and refuses, in Chinese, with what is outstanding
and who must act: undecided applications, the re-review, the window's dates, open objections."""

import datetime

import pytest
from django.urls import reverse

from nominations import rounds
from nominations.factories import ApplicationFactory
from nominations.models import Application, Objection, Origin, RereviewResult, Status
from nominations.workflow import Action, TransitionRefused, perform
from notifications.models import Notification
from tests.nominations.helpers import scored, steps

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def passed(round_, provider, city):
    application = scored(
        ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    )
    perform(application, city, Action.PASS_REREVIEW)
    return application


def test_the_notice_is_refused_before_its_window_with_the_dates(round_, provider, people):
    passed(round_, provider, people["city"])
    with pytest.raises(rounds.RoundError) as refusal:
        rounds.publish_notice(round_, people["city"], today=round_.notice_start - DAY)
    assert f"公示时间为 {round_.notice_start} 至 {round_.notice_end}" in str(refusal.value)
    round_.refresh_from_db()
    assert round_.notice_page_id is None


def test_the_notice_lists_undecided_applications_and_who_must_act(
    round_, provider, city_provider, people
):
    passed(round_, provider, people["city"])
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    ApplicationFactory(round=round_, provider=city_provider, status=Status.SUBMITTED)
    ApplicationFactory(round=round_, status=Status.DISTRICT_APPROVED)
    ApplicationFactory(round=round_, status=Status.CITY_APPROVED)  # no expert yet
    ApplicationFactory(round=round_, status=Status.SAVED)  # never submitted: not in the round
    with pytest.raises(rounds.RoundError) as refusal:
        rounds.publish_notice(round_, people["city"], today=round_.notice_start)
    message = str(refusal.value)
    assert "1 个申报仍为“已提交”，待黄浦区民政局处理" in message
    assert "仍为“已提交”，待市民政局处理" in message  # the city-registered one
    assert "1 个申报仍为“区级同意”，待市民政局处理" in message
    assert "1 个市级同意的申报尚未分配复审专家，待市社会组织服务中心分配" in message
    assert "尚未作出复审决定，待市民政局决定" in message
    assert "已保存" not in message


def test_carried_over_entries_must_be_re_confirmed_before_the_notice(round_, provider, people):
    passed(round_, provider, people["city"])
    ApplicationFactory(
        round=round_, provider=provider, status=Status.SUBMITTED, origin=Origin.CARRIED_OVER
    )
    with pytest.raises(rounds.RoundError, match="待黄浦区民政局处理"):
        rounds.publish_notice(round_, people["city"], today=round_.notice_start)


def test_the_directory_is_refused_while_objections_are_open_and_before_the_end(
    round_, provider, people
):
    passed(round_, provider, people["city"])
    page = rounds.publish_notice(round_, people["city"], today=round_.notice_start)
    assert page.issue_date == round_.notice_start
    with pytest.raises(rounds.RoundError, match=f"公示期满后（{round_.notice_end + DAY} 起）"):
        rounds.publish_directory(round_, people["city"], today=round_.notice_end)
    Objection.objects.create(round=round_, name="张", contact="x", content="异议")
    with pytest.raises(rounds.RoundError, match="1 条公示异议未答复，待市民政局答复"):
        rounds.publish_directory(round_, people["city"], today=round_.notice_end + DAY)
    round_.refresh_from_db()
    assert round_.directory_page_id is None


def test_the_directory_without_a_notice_is_refused(round_, people):
    with pytest.raises(rounds.RoundError, match="尚未发布公示"):
        rounds.publish_directory(round_, people["city"], today=round_.notice_end + DAY)


def test_the_re_review_decision_needs_every_assigned_expert_to_have_scored(
    round_, provider, people
):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    with pytest.raises(TransitionRefused, match="复审专家尚未全部评分"):
        perform(application, people["city"], Action.PASS_REREVIEW)
    perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["expert"])
    with pytest.raises(TransitionRefused, match="复审专家尚未全部评分"):
        perform(application, people["city"], Action.PASS_REREVIEW)
    application.expert_reviews.update(score=80)
    perform(application, people["city"], Action.PASS_REREVIEW)
    application.refresh_from_db()
    assert application.rereview_result == RereviewResult.PASSED


def test_an_expert_is_assigned_once_and_only_to_an_expert(round_, provider, people):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    with pytest.raises(TransitionRefused, match="评审专家"):
        perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["district"])
    perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["expert"])
    with pytest.raises(TransitionRefused, match="尚未分配该申报"):
        perform(application, people["monitor"], Action.ASSIGN_EXPERT, expert=people["expert"])
    assert application.expert_reviews.count() == 1
    assert [step[4] for step in steps(application)] == ["assign_expert"]
    assert Notification.objects.filter(recipient=people["expert"], title__startswith="复审任务")


def test_the_city_closes_undecided_applications_only_after_the_first_review_deadline(
    round_, provider, people
):
    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    with pytest.raises(TransitionRefused, match="初审截止后"):
        perform(application, people["city"], Action.CLOSE, "逾期未审核")
    after = round_.first_review_end + DAY
    with pytest.raises(TransitionRefused):
        perform(application, people["district"], Action.CLOSE, "逾期未审核", today=after)
    with pytest.raises(TransitionRefused, match="请填写意见"):
        perform(application, people["city"], Action.CLOSE, "", today=after)
    perform(application, people["city"], Action.CLOSE, "初审逾期未完成，不予推荐", today=after)
    application.refresh_from_db()
    assert (application.status, application.last_opinion) == (
        Status.REFUSED,
        "初审逾期未完成，不予推荐",
    )
    assert Notification.objects.filter(
        recipient=people["provider"], body__contains="初审逾期未完成"
    ).exists()


def test_the_round_page_refuses_a_step_with_the_outstanding_list(round_, provider, people, login):
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    client = login(people["city"])
    response = client.post(
        reverse("nomination_rounds:manage", args=[round_.pk]), {"step": "notice"}, follow=True
    )
    page = response.content.decode()
    assert "暂不能发布公示" in page and "待黄浦区民政局处理" in page
    round_.refresh_from_db()
    assert round_.notice_page_id is None


def test_a_carried_over_application_can_be_reviewed(round_, provider, people, login):
    from nominations.factories import RoundFactory

    last = RoundFactory(year=round_.year - 1)
    source = passed(last, provider, people["city"])
    rounds.publish_notice(last, people["city"], today=last.notice_start)
    rounds.publish_directory(last, people["city"], today=last.notice_end + DAY)
    assert rounds.carry_over(round_) == 1
    carried = Application.objects.get(round=round_)
    assert carried.carried_from == source and carried.summary == source.summary
    response = login(people["district"]).get(
        reverse("nomination_applications:review", args=[carried.pk])
    )
    assert response.status_code == 200
    assert "原有" in response.content.decode()
    response = login(people["district"]).post(
        reverse("nomination_applications:review", args=[carried.pk]),
        {"action": "approve", "opinion": "再次确认，纳入本轮推荐"},
    )
    assert response.status_code == 302
    carried.refresh_from_db()
    assert carried.status == Status.DISTRICT_APPROVED
