"""Who hears about an application: the provider on every status change, reviewers when it reaches them.

Rows are written in the transition's transaction (notifications.delivery.notify);
the e-mails leave after commit through Celery and are retried if they could not.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from notifications.delivery import notify

from .models import Status


def provider_users(provider):
    return get_user_model().objects.filter(
        account__role=Role.PROVIDER, account__provider=provider, is_active=True
    )


def district_admins(district_id):
    return get_user_model().objects.filter(
        account__role=Role.DISTRICT_ADMIN, account__district_id=district_id, is_active=True
    )


def city_admins():
    return get_user_model().objects.filter(account__role=Role.CITY_ADMIN, is_active=True)


def monitors():
    return get_user_model().objects.filter(account__role=Role.MONITOR, is_active=True)


def review_url(application) -> str:
    return reverse("nomination_applications:review", args=[application.pk])


def reviewers_for(application, status):
    """Whose queue the application enters in `status`."""
    provider = application.provider
    city_registered = provider.registration_level == "city"
    if status == Status.SUBMITTED:
        return city_admins() if city_registered else district_admins(provider.district_id)
    if status == Status.CITY_RETURNED and not city_registered:
        return district_admins(provider.district_id)
    if status == Status.DISTRICT_APPROVED:
        return city_admins()
    if status == Status.CITY_APPROVED:
        return monitors()  # the service centre assigns the re-review
    return None


def notify_transition(application, before, rule) -> None:
    """The provider hears of every step it can see (with the opinion or reason); the party
    whose queue the application enters hears that it is waiting for them."""
    url = review_url(application)
    status = application.get_status_display()
    body = _("《%(title)s》的状态由“%(before)s”变为“%(after)s”。") % {
        "title": application.title,
        "before": Status(before).label if before else "—",
        "after": status,
    }
    title = _("推荐目录申报：%(status)s") % {"status": status}
    if application.rereview_result and rule.action in ("pass_rereview", "fail_rereview"):
        result = application.get_rereview_result_display()
        body = _("《%(title)s》复审结果：%(result)s。") % {
            "title": application.title,
            "result": result,
        }
        title = _("推荐目录申报：%(result)s") % {"result": result}
    opinion = application.last_opinion if rule.opinion_required or rule.actor == "system" else ""
    if opinion:
        body += _("意见：%(opinion)s") % {"opinion": opinion}
    notify(provider_users(application.provider), title, body, url)
    if rule.target == before:
        return
    reviewers = reviewers_for(application, application.status)
    if reviewers is not None:
        notify(
            reviewers,
            _("待审核：%(provider)s《%(title)s》")
            % {"provider": application.provider.name, "title": application.title},
            body,
            url,
        )


def notify_round_step(round_, entries, step, url) -> None:
    """Tell each provider whose project is in the public notice, or in the published directory."""
    for application in entries:
        if step == "notice":
            title = _("推荐目录：您的项目已进入公示名单")
            body = _(
                "《%(title)s》已列入%(year)s年度推荐目录拟入选名单公示，公示期至 %(end)s。"
            ) % {
                "title": application.title,
                "year": round_.year,
                "end": round_.notice_end.isoformat(),
            }
        else:
            title = _("推荐目录：您的项目已入选推荐目录")
            body = _(
                "《%(title)s》已列入《上海市承接政府购买服务社会组织推荐目录（%(year)s版）》。"
            ) % {
                "title": application.title,
                "year": round_.year,
            }
        notify(provider_users(application.provider), title, body, url)


def notify_assignment(review) -> None:
    application = review.application
    notify(
        [review.expert],
        _("复审任务：%(provider)s《%(title)s》")
        % {"provider": application.provider.name, "title": application.title},
        _("市社会组织服务中心请您在 %(deadline)s 前对该申报评分并填写评审意见。")
        % {"deadline": application.round.rereview_end.isoformat()},
        reverse("nomination_expert_reviews:edit", args=[review.pk]),
    )
