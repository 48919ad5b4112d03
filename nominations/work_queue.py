"""The directory's items of the dashboard's work queue (gxpt.work_queue).

Who reviews what follows the transition table (workflow.py): a district bureau first
reviews the submitted applications of its district's providers and re-reviews those the
city returned; the city first reviews city-registered providers' applications and gives
the final review of those the districts approved; a provider sees what was returned to
it; an expert the reviews it has not scored; the city the objections not yet answered.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import account_of
from accounts.roles import Role

from .access import applications_for, expert_reviews_for
from .models import Objection, Status


def items(user) -> list[dict]:
    account = account_of(user)
    role = account.role if account is not None else None
    found = []
    index = reverse("nomination_applications:index")
    applications = applications_for(user)

    def queue(label, queryset, query, order=20):
        found.append({"label": label, "count": queryset.count(), "url": f"{index}?{query}", "order": order})

    if role == Role.DISTRICT_ADMIN:
        queue(_("待审核申报"), applications.filter(status=Status.SUBMITTED), "status=submitted")
        queue(_("市级退回待重审"), applications.filter(status=Status.CITY_RETURNED), "status=city_returned", 21)
    elif role == Role.CITY_ADMIN or (user.is_superuser and role is None):
        queue(
            _("待初审申报（市级登记）"),
            applications.filter(status=Status.SUBMITTED, provider__registration_level="city"),
            "status=submitted&level=city",
        )
        queue(_("待终审申报"), applications.filter(status=Status.DISTRICT_APPROVED), "status=district_approved", 21)
        found.append(
            {
                "label": _("待答复公示异议"),
                "count": Objection.objects.filter(answered_at__isnull=True).count(),
                "url": f"{reverse('nomination_objections:index')}?answered=0",
                "unit": _("条"),
                "order": 30,
            }
        )
    elif role == Role.PROVIDER:
        queue(_("被退回待修改的申报"), applications.filter(status=Status.DISTRICT_RETURNED), "status=district_returned")
        queue(_("已保存未提交的申报"), applications.filter(status=Status.SAVED), "status=saved", 22)
    elif role == Role.EXPERT:
        found.append(
            {
                "label": _("待评分"),
                "count": expert_reviews_for(user).filter(scored_at__isnull=True).count(),
                "url": f"{reverse('nomination_expert_reviews:index')}?scored=0",
                "order": 20,
            }
        )
    return found
