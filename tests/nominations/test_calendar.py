"""Dates drive the round: the beat task carries over, reminds, closes, publishes; idempotent."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from nominations import rounds
from nominations.factories import ApplicationFactory, RoundFactory
from nominations.models import Application, Objection, Origin, Status
from nominations.tasks import REMIND_DAYS, run_calendar
from nominations.workflow import Action, perform
from notifications.models import Notification
from tests.nominations.helpers import scored

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_calendar_is_a_beat_task():
    entry = settings.CELERY_BEAT_SCHEDULE["nominations-calendar"]
    assert entry["task"] == "nominations.run_calendar"


def test_reminders_go_before_the_deadline_with_what_is_open_and_only_once(round_, provider, people):
    draft = ApplicationFactory(round=round_, provider=provider, status=Status.SAVED)
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    early = (round_.self_nomination_end - (REMIND_DAYS + 1) * DAY).isoformat()
    run_calendar(early)
    assert titles(people["provider"]) == []
    on = (round_.self_nomination_end - DAY).isoformat()
    run_calendar(on)
    run_calendar(on)  # idempotent
    reminders = Notification.objects.filter(recipient=people["provider"])
    assert [n.title for n in reminders] == ["提醒：推荐目录申报尚未提交"]
    assert draft.title in reminders.get().body
    assert str(round_.self_nomination_end) in reminders.get().body

    before_first_review = (round_.first_review_end - DAY).isoformat()
    run_calendar(before_first_review)
    assert "提醒：还有 1 个推荐目录申报待初审" in titles(people["district"])
    assert titles(people["other_district"]) == []


def test_the_self_nomination_window_closes_on_its_date(round_, provider, people):
    draft = ApplicationFactory(round=round_, provider=provider, status=Status.SAVED)
    after = round_.self_nomination_end + DAY
    run_calendar(after.isoformat())
    assert "推荐目录自荐已截止" in titles(people["provider"])
    from nominations.workflow import TransitionRefused

    with pytest.raises(TransitionRefused, match="自荐时间为"):
        perform(draft, people["provider"], Action.SUBMIT, today=after)


def test_last_years_entries_are_carried_over_when_the_round_opens(provider, people):
    last = RoundFactory(year=2040)
    source = scored(ApplicationFactory(round=last, provider=provider, status=Status.CITY_APPROVED))
    perform(source, people["city"], Action.PASS_REREVIEW)
    rounds.publish_notice(last, people["city"], today=last.notice_start)
    rounds.publish_directory(last, people["city"], today=last.notice_end + DAY)
    current = RoundFactory(year=2041)
    run_calendar(current.self_nomination_start.isoformat())
    run_calendar(current.self_nomination_start.isoformat())
    carried = Application.objects.get(round=current)
    assert (carried.origin, carried.status) == (Origin.CARRIED_OVER, Status.SUBMITTED)
    assert any("待审核" in t for t in titles(people["district"]))


def test_the_notice_waits_and_the_city_is_told_what_is_outstanding_once_a_day(
    round_, provider, people
):
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    run_calendar(round_.notice_start.isoformat())
    run_calendar(round_.notice_start.isoformat())
    round_.refresh_from_db()
    assert round_.notice_page_id is None
    told = Notification.objects.filter(recipient=people["city"], title__contains="未能按期")
    assert told.count() == 1
    assert "待黄浦区民政局处理" in told.get().body


def test_the_notice_and_the_directory_are_published_on_their_dates(round_, provider, people):
    application = scored(
        ApplicationFactory(round=round_, provider=provider, status=Status.CITY_APPROVED)
    )
    perform(application, people["city"], Action.PASS_REREVIEW)
    run_calendar((round_.notice_start - DAY).isoformat())
    round_.refresh_from_db()
    assert round_.notice_page_id is None  # not before its window
    run_calendar(round_.notice_start.isoformat())
    round_.refresh_from_db()
    assert round_.notice_page.live and round_.notice_page.issue_date == round_.notice_start
    assert "推荐目录：您的项目已进入公示名单" in titles(people["provider"])

    objection = Objection.objects.create(round=round_, name="张", contact="x", content="异议")
    run_calendar((round_.notice_end + DAY).isoformat())
    round_.refresh_from_db()
    assert round_.directory_page_id is None  # an objection is open
    objection.answer, objection.answered_at = "已核实", timezone.now()
    objection.save()
    run_calendar((round_.notice_end + 2 * DAY).isoformat())
    round_.refresh_from_db()
    assert round_.directory_page.live and round_.published_at
    assert "推荐目录：您的项目已入选推荐目录" in titles(people["provider"])
    run_calendar((round_.notice_end + 3 * DAY).isoformat())  # published rounds are left alone
