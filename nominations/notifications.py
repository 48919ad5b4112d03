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
    url = review_url(application)
    status = application.get_status_display()
    opinion = application.last_opinion if rule.opinion_required else ""
    body = _("《%(title)s》的状态由“%(before)s”变为“%(after)s”。") % {
        "title": application.title,
        "before": Status(before).label if before else "—",
        "after": status,
    }
    if opinion:
        body += _("意见：%(opinion)s") % {"opinion": opinion}
    notify(
        provider_users(application.provider),
        _("推荐目录申报：%(status)s") % {"status": status},
        body,
        url,
    )
    reviewers = reviewers_for(application, application.status)
    if reviewers is not None:
        notify(
            reviewers,
            _("待审核：%(provider)s《%(title)s》")
            % {"provider": application.provider.name, "title": application.title},
            body,
            url,
        )


def notify_assignment(review) -> None:
    application = review.application
    notify(
        [review.expert],
        _("复审任务：%(provider)s《%(title)s》")
        % {"provider": application.provider.name, "title": application.title},
        _("市社会组织服务中心请您对该申报评分并填写评审意见。"),
        reverse("nomination_expert_reviews:edit", args=[review.pk]),
    )
