"""Monitoring's items of the dashboard's work queue (gxpt.work_queue): flags, objections, messages.

The monitoring centre sees open flags waiting for its decision and overdue corrections;
a publisher (provider, purchaser) sees the corrections asked of it; whoever answers the
message board sees the messages waiting for an answer. Whoever answers objections sees
the pending ones (overdue ones apart, urgent); a publisher sees the confirmed findings it
may still object to or, once corrected, apply to repair (提出异议). One COUNT query per item.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import visible_flags
from .models import FlagStatus, Message, MessageStatus, Objection, ObjectionStatus


def items(user) -> list[dict]:
    found = []
    if user.has_perm("moderation.view_flag"):
        index = reverse("flags:index")
        today = timezone.localdate()
        open_flags = visible_flags(user).filter(status=FlagStatus.OPEN)
        if user.has_perm("moderation.change_flag"):
            found.append(
                {
                    "label": _("待处理监测标记"),
                    "count": open_flags.filter(correction_deadline__isnull=True).count(),
                    "url": f"{index}?status=open&correction=none",
                    "order": 10,
                }
            )
        else:
            found.append(
                {
                    "label": _("待整改"),
                    "count": open_flags.filter(correction_deadline__gte=today).count(),
                    "url": f"{index}?correction=pending",
                    "order": 10,
                }
            )
        found.append(
            {
                "label": _("逾期未整改"),
                "count": open_flags.filter(correction_deadline__lt=today).count(),
                "url": f"{index}?correction=overdue",
                "urgent": True,
                "order": 11,
            }
        )
    if user.has_perm("moderation.answer_objection"):
        index = reverse("objections:index")
        pending = Objection.objects.filter(status=ObjectionStatus.PENDING)
        today = timezone.localdate()
        found.append(
            {
                "label": _("待答复异议和信用修复申请"),
                "count": pending.filter(deadline__gte=today).count(),
                # The same records as the count: pending, not past their deadline.
                "url": f"{index}?deadline=open",
                "order": 15,
            }
        )
        found.append(
            {
                "label": _("逾期未答复的异议"),
                "count": pending.filter(deadline__lt=today).count(),
                "url": f"{index}?deadline=overdue",
                "urgent": True,
                "order": 16,
            }
        )
    elif user.has_perm("moderation.add_objection"):
        # Confirmed findings with an active credit event and nothing pending on them.
        found.append(
            {
                "label": _("可提出异议或申请信用修复的认定"),
                "count": visible_flags(user)
                .filter(
                    status=FlagStatus.CONFIRMED,
                    credit_event__isnull=False,
                    credit_event__reversed_at__isnull=True,
                )
                .exclude(objections__status=ObjectionStatus.PENDING)
                .count(),
                "url": f"{reverse('flags:index')}?status={FlagStatus.CONFIRMED}",
                "order": 12,
            }
        )
    if user.has_perm("moderation.change_message"):
        found.append(
            {
                "label": _("待回复留言"),
                "count": Message.objects.filter(status=MessageStatus.PENDING).count(),
                "url": f"{reverse('messages:index')}?status={MessageStatus.PENDING}",
                "unit": _("条"),
                "order": 40,
            }
        )
    return found
