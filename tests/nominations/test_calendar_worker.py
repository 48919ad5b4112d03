"""The round's calendar run by the real Celery worker over Redis, on the test's PostgreSQL database."""

import datetime

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, district, make_user
from nominations import rounds
from nominations.factories import ApplicationFactory, RoundFactory
from nominations.models import Application, Origin, Status
from nominations.tasks import run_calendar
from nominations.workflow import Action, perform
from tests.integration.conftest import celery_worker, postgres, redis_broker  # noqa: F401
from tests.nominations.helpers import scored

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def test_the_worker_carries_last_years_entries_over_when_the_round_opens(
    celery_worker,  # noqa: F811
):
    huangpu = district("黄浦区")
    city = make_user(Role.CITY_ADMIN)
    last = RoundFactory(year=2030)
    for name in ("上海黄浦原有甲社工服务社", "上海黄浦原有乙社区服务中心"):
        provider = ProviderFactory(district=huangpu, name=name)
        source = scored(
            ApplicationFactory(round=last, provider=provider, status=Status.CITY_APPROVED)
        )
        perform(source, city, Action.PASS_REREVIEW)
    rounds.publish_notice(last, city, today=last.notice_start)
    rounds.publish_directory(last, city, today=last.notice_end + DAY)
    current = RoundFactory(year=2031)  # self-nomination open today

    done = run_calendar.delay().get(timeout=60)

    carried = Application.objects.filter(round=current, origin=Origin.CARRIED_OVER)
    assert "carry_over:2" in done
    assert sorted(carried.values_list("status", flat=True)) == [Status.SUBMITTED] * 2
