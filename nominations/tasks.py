"""The round's calendar (Celery beat, hourly): dates drive the round.

For every round not yet published, on each run:
- from the self-nomination start, last year's entries are carried over (原有);
- REMIND_DAYS before the self-nomination, first-review and re-review deadlines, each party
  with something still open is reminded, with what is open;
- the day after the self-nomination deadline, providers with an unsubmitted draft are told the
  window has closed (the table refuses new submissions from then on);
- from the notice start, the public notice is published when the list is ready; otherwise the
  city is told, once a day, what is outstanding and who must act;
- after the notice end, the directory is published when no objection is open (same).

Every step goes through rounds.py / workflow.py, the same checks as the buttons of the
round's page. A step taken once is recorded as a `RoundMilestone`, so the task is idempotent:
run it twice, or retried, it sends nothing twice. `today` (ISO date) freezes the calendar.
"""

import datetime

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.delivery import notify

from . import rounds
from .models import ExpertReview, Round, RoundMilestone, Status
from .notifications import city_admins, district_admins, monitors, provider_users

REMIND_DAYS = 3


def once(round_, key: str, detail: str = "") -> bool:
    """Record a milestone; False when it was already taken (nothing must be done again)."""
    try:
        with transaction.atomic():
            RoundMilestone.objects.create(round=round_, key=key, detail=detail)
    except IntegrityError:
        return False
    return True


# The result (what was done) is kept where a result backend is configured, unlike the
# project default (CELERY_TASK_IGNORE_RESULT): with results ignored, `.delay().get()`
# returns None at once instead of waiting, so a caller cannot wait for the run to finish.
@shared_task(name="nominations.run_calendar", ignore_result=False)
def run_calendar(today: str | None = None) -> list[str]:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    done = []
    for round_id in Round.objects.filter(published_at__isnull=True).values_list("pk", flat=True):
        done += run_round(round_id, day)
    return done


def run_round(round_id: int, today: datetime.date) -> list[str]:
    round_ = Round.objects.get(pk=round_id)
    done = []
    if round_.self_nomination_start <= today <= round_.first_review_end:
        carried = rounds.carry_over(round_)  # idempotent: only what is not carried yet
        if carried:
            done.append(f"carry_over:{carried}")
    for deadline, remind in (
        (round_.self_nomination_end, remind_self_nomination),
        (round_.first_review_end, remind_first_review),
        (round_.rereview_end, remind_rereview),
    ):
        if deadline - datetime.timedelta(days=REMIND_DAYS) <= today <= deadline:
            if once(round_, f"remind:{remind.__name__}"):
                done.append(f"{remind.__name__}:{remind(round_)}")
    if today > round_.self_nomination_end and once(round_, "self_nomination_closed"):
        done.append(f"self_nomination_closed:{close_self_nomination(round_)}")
    if round_.notice_start <= today <= round_.notice_end and not round_.notice_page_id:
        done.append(step(round_, "notice", today))
    if today > round_.notice_end and round_.notice_page_id and not round_.directory_page_id:
        done.append(step(round_, "directory", today))
    return done


def step(round_, which: str, today: datetime.date) -> str:
    run = rounds.publish_notice if which == "notice" else rounds.publish_directory
    try:
        page = run(round_, None, today=today)
    except rounds.RoundError as error:
        if once(round_, f"blocked:{which}:{today.isoformat()}", str(error)):
            notify(
                city_admins(),
                _("%(year)s年度推荐目录：%(step)s未能按期进行")
                % {"year": round_.year, "step": _("公示") if which == "notice" else _("发布")},
                str(error),
                f"/admin/nominations/rounds/manage/{round_.pk}/",
            )
        return f"{which}:blocked"
    return f"{which}:{page.pk}"


def _deadline_text(label, date) -> str:
    return _("%(label)s截止日期为 %(date)s") % {"label": label, "date": date.isoformat()}


def remind_self_nomination(round_) -> int:
    """Providers with a draft not yet submitted, or a return not yet resubmitted."""
    sent = 0
    drafts = round_.applications.filter(status=Status.SAVED).select_related("provider")
    for application in drafts:
        sent += len(
            notify(
                provider_users(application.provider),
                _("提醒：推荐目录申报尚未提交"),
                _("《%(title)s》仍为“已保存”，%(deadline)s，逾期不能提交。")
                % {
                    "title": application.title,
                    "deadline": _deadline_text(_("自荐"), round_.self_nomination_end),
                },
                f"/admin/nominations/applications/review/{application.pk}/",
            )
        )
    return sent


def remind_first_review(round_) -> int:
    """Districts (and the city) with applications still to review; providers with returns."""
    sent = 0
    pending = round_.applications.filter(
        status__in=(Status.SUBMITTED, Status.CITY_RETURNED, Status.DISTRICT_APPROVED)
    ).select_related("provider")
    per_district, city = {}, 0
    for application in pending:
        provider = application.provider
        if application.status == Status.DISTRICT_APPROVED or provider.registration_level == "city":
            city += 1
        else:
            per_district[provider.district_id] = per_district.get(provider.district_id, 0) + 1
    deadline = _deadline_text(_("初审"), round_.first_review_end)
    for district_id, n in per_district.items():
        sent += len(
            notify(
                district_admins(district_id),
                _("提醒：还有 %(n)s 个推荐目录申报待初审") % {"n": n},
                _("%(deadline)s，请在截止前完成审核。") % {"deadline": deadline},
                "/admin/nominations/applications/?status=submitted",
            )
        )
    if city:
        sent += len(
            notify(
                city_admins(),
                _("提醒：还有 %(n)s 个推荐目录申报待市级审核") % {"n": city},
                _("%(deadline)s，请在截止前完成审核。") % {"deadline": deadline},
                "/admin/nominations/applications/",
            )
        )
    for application in round_.applications.filter(
        status__in=(Status.DISTRICT_RETURNED, Status.CITY_RETURNED)
    ).select_related("provider"):
        if application.status == Status.CITY_RETURNED and (
            application.provider.registration_level != "city"
        ):
            continue
        sent += len(
            notify(
                provider_users(application.provider),
                _("提醒：退回的推荐目录申报尚未重新提交"),
                _("《%(title)s》已被退回（意见：%(opinion)s），%(deadline)s。")
                % {
                    "title": application.title,
                    "opinion": application.last_opinion,
                    "deadline": deadline,
                },
                f"/admin/nominations/applications/review/{application.pk}/",
            )
        )
    return sent


def remind_rereview(round_) -> int:
    """Experts with reviews not scored; the centre with applications without an expert."""
    sent = 0
    deadline = _deadline_text(_("复审"), round_.rereview_end)
    unscored = ExpertReview.objects.filter(
        application__round=round_, score__isnull=True
    ).select_related("expert", "application")
    by_expert = {}
    for review in unscored:
        by_expert.setdefault(review.expert, []).append(review.application.title)
    for expert, titles in by_expert.items():
        sent += len(
            notify(
                [expert],
                _("提醒：还有 %(n)s 个复审任务未评分") % {"n": len(titles)},
                _("%(deadline)s：%(titles)s")
                % {"deadline": deadline, "titles": "、".join(f"《{t}》" for t in titles)},
                "/admin/nominations/expert-reviews/",
            )
        )
    unassigned = round_.applications.filter(
        status=Status.CITY_APPROVED, expert_reviews__isnull=True
    ).count()
    if unassigned:
        sent += len(
            notify(
                monitors(),
                _("提醒：%(n)s 个市级同意的申报尚未分配复审专家") % {"n": unassigned},
                _("%(deadline)s。") % {"deadline": deadline},
                "/admin/nominations/expert-reviews/new/",
            )
        )
    return sent


def close_self_nomination(round_) -> int:
    """The window is closed (the table refuses submission now): tell providers left with drafts."""
    sent = 0
    for application in round_.applications.filter(status=Status.SAVED).select_related("provider"):
        sent += len(
            notify(
                provider_users(application.provider),
                _("推荐目录自荐已截止"),
                _("%(year)s年度自荐已于 %(end)s 截止，《%(title)s》未提交，不能再提交。")
                % {
                    "year": round_.year,
                    "end": round_.self_nomination_end.isoformat(),
                    "title": application.title,
                },
                f"/admin/nominations/applications/review/{application.pk}/",
            )
        )
    return sent
