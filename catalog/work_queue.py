"""The catalog's item of the dashboard's work queue (gxpt.work_queue): a purchaser's planned
items (拟购买) waiting for their budget approval, to be opened (catalog.planning)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import role_of
from accounts.roles import Role
from accounts.scope import scoped

from .models import DemandListing
from .models.listings import DemandStatus


def items(user) -> list[dict]:
    # The purchaser's own: admins see every plan of their scope on the list, not as a task.
    if role_of(user) != Role.PURCHASER:
        return []
    plans = scoped(user, DemandListing.objects.filter(status=DemandStatus.PLANNED))
    return [
        {
            "label": _("拟购买项目（预算批复后转为正式需求）"),
            "count": plans.count(),
            "url": f"{reverse('wagtailsnippets_catalog_demandlisting:list')}?status=planned",
            "unit": _("个"),
            "order": 60,
        }
    ]
