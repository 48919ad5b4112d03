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


def review_page_history_rows(client, application):
    """The cells of the review page's 办理记录 table, one list per row."""
    import re

    response = client.get(reverse("nomination_applications:review", args=[application.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split("办理记录", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_system_step_reads_as_the_system_on_the_review_page(round_, provider, people, login):
    """Issue 13 / defect 3: a history entry without a user (the calendar, carry-over, an import)."""
    from wagtail.log_actions import log

    from nominations.factories import ApplicationFactory

    application = ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    log(
        application,
        "nominations.carry_over",
        data={"action": "carry_over", "actor": "system", "from": "", "to": Status.SUBMITTED},
    )
    log(application, "nominations.import", data={"opinion": "历史数据导入"})  # no actor
    log(application, "nominations.import", data=None)
    gone = people["other_provider"]
    log(application, "nominations.edit", user=gone, data={"actor": "provider"})
    gone_id = gone.pk
    gone.delete()
    rows = review_page_history_rows(login(people["district"]), application)
    # 操作人 and 状态变化 columns: the system, never an empty party or a bare "— → —".
    assert [(row[2], row[3]) for row in rows] == [
        ("系统", "系统：— → 已提交"),
        ("系统", "系统"),
        ("系统", "系统"),
        (f"用户 {gone_id}(已删除)", "社会组织"),
    ]
