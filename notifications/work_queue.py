"""The inbox's item of the dashboard's work queue (gxpt.work_queue): unread messages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .viewsets import unread_count


def items(user) -> list[dict]:
    return [
        {
            "label": _("未读消息"),
            "count": unread_count(user),
            "url": f"{reverse('inbox:index')}?unread=1",
            "unit": _("条"),
            "order": 90,
        }
    ]
