"""Objections (异议) and credit repair (信用修复): who may lodge, who answers, what each answer changes.

The civil-affairs credit rules (民政部《社会组织信用信息管理办法》, 2018) give an
organization two remedies against its credit record, and the platform applies them to
monitoring as well:

- an **objection** to a decision on its own record: a confirmed finding (and the
  credit event it created), a finding whose correction the centre requested, or a
  credit event alone. Upheld, the flag is dismissed and the credit event reversed;
  not upheld, both stay, with the centre's reason;
- a **credit-repair application** once the cause is corrected: for a confirmed
  finding, the rule must no longer find the problem in the record as it is now (or the
  record is no longer published). Granted, the credit event is reversed with the reason
  「信用修复」 and the flag counts as corrected (已整改).

The publisher (the provider's or purchaser's own account) lodges, with written reasons
and optional evidence files; the monitoring centre and the city bureau answer
(`moderation.answer_objection`), always with a written opinion, by the deadline:
`MODERATION_OBJECTION_WORKING_DAYS` working days after the day it was lodged, 15 by
default: China's official working days (`is_working_day`), holidays and swapped working
weekends (调休) included. One pending objection or application per target; after an objection is
answered 不成立 the same decision cannot be objected to again (repair stays open).

Every step is a FlagAction row on the flag (its history, readable in Chinese) and a
Wagtail log entry on the objection (its History view); a reversal goes through
`actions.reverse_credit_event`, the same fields and history as the centre's own.
"""

import datetime
from dataclasses import dataclass

import chinese_calendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter, log

from accounts.access import account_of
from accounts.roles import Role
from accounts.scope import scoped
from catalog.models import CreditEvent

from . import notifications
from .actions import is_listing, reverse_credit_event, set_hidden
from .engine import key_of, listing_findings
from .models import (
    ActionKind,
    Flag,
    FlagAction,
    FlagStatus,
    Objection,
    ObjectionEvidence,
    ObjectionKind,
    ObjectionStatus,
)
from .rules import duplicates

LODGE = "moderation.add_objection"
ANSWER = "moderation.answer_objection"
MAX_EVIDENCE_FILES = 5
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class ObjectionRefused(Exception):
    pass


@dataclass(frozen=True)
class Transition:
    """One answer (or the withdrawal) of a pending objection."""

    kind: str
    action: str
    label: str
    to: str
    permission: str
    flag_action: str  # the FlagAction kind in the flag's history
    repairs: bool = False  # reverses the credit event and clears the finding


# The one table: kind of request × action -> new status, who may, what it does.
TRANSITIONS = [
    Transition(
        kind=ObjectionKind.OBJECTION,
        action="uphold",
        label=gettext_lazy("异议成立（撤销认定）"),
        to=ObjectionStatus.UPHELD,
        permission=ANSWER,
        flag_action=ActionKind.OBJECTION_UPHELD,
        repairs=True,
    ),
    Transition(
        kind=ObjectionKind.OBJECTION,
        action="reject",
        label=gettext_lazy("异议不成立（维持原认定）"),
        to=ObjectionStatus.REJECTED,
        permission=ANSWER,
        flag_action=ActionKind.OBJECTION_REJECTED,
    ),
    Transition(
        kind=ObjectionKind.REPAIR,
        action="grant",
        label=gettext_lazy("准予信用修复"),
        to=ObjectionStatus.GRANTED,
        permission=ANSWER,
        flag_action=ActionKind.REPAIR_GRANTED,
        repairs=True,
    ),
    Transition(
        kind=ObjectionKind.REPAIR,
        action="refuse",
        label=gettext_lazy("不予信用修复"),
        to=ObjectionStatus.REFUSED,
        permission=ANSWER,
        flag_action=ActionKind.REPAIR_REFUSED,
    ),
    *(
        Transition(
            kind=kind,
            action="withdraw",
            label=gettext_lazy("撤回"),
            to=ObjectionStatus.WITHDRAWN,
            permission=LODGE,
            flag_action=ActionKind.WITHDRAW,
        )
        for kind in ObjectionKind.values
    ),
]
TABLE = {(t.kind, t.action): t for t in TRANSITIONS}
LOG_ACTIONS = {
    "moderation.objection.submit": gettext_lazy("提出"),
    **{f"moderation.objection.{t.action}": t.label for t in TRANSITIONS},
}


def register_log_actions(actions) -> None:
    """The objection's History lines: 「异议成立（撤销认定）；意见：……」."""
    for action, label in LOG_ACTIONS.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, label=label):
                opinion = (log_entry.data or {}).get("opinion")
                return f"{label}；{_('意见：')}{opinion}" if opinion else str(label)

            def format_comment(self, log_entry):
                return (log_entry.data or {}).get("opinion", "")

        Formatter.label = label
        actions.register_action(action)(Formatter)


# --- deadlines ---------------------------------------------------------------------


def working_days() -> int:
    return int(getattr(settings, "MODERATION_OBJECTION_WORKING_DAYS", 15))


def is_working_day(day: datetime.date) -> bool:
    """An official working day in China: the State Council's yearly holiday arrangement
    (放假安排: the holidays, and the weekends swapped to working days), as the
    chinesecalendar package records it; Monday to Friday in a year it has no data for
    yet (the arrangement is published each autumn: upgrade the package then)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def answer_deadline(lodged_on: datetime.date, days: int | None = None) -> datetime.date:
    """`days` working days (`is_working_day`) after the day of lodging."""
    days = working_days() if days is None else days
    day = lodged_on
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def is_overdue(objection: Objection, today=None) -> bool:
    return objection.is_pending and objection.deadline < (today or timezone.localdate())


# --- who may lodge what --------------------------------------------------------------


def owns(user, provider_id, purchaser_id) -> bool:
    """Whether `user` is the publisher's own account (not an administration acting for it)."""
    account = account_of(user)
    if account is None:
        return False
    if account.role == Role.PROVIDER:
        return bool(provider_id) and account.provider_id == provider_id
    if account.role == Role.PURCHASER:
        return bool(purchaser_id) and account.purchaser_id == purchaser_id
    return False


def _pending_on(flag: Flag | None, event: CreditEvent | None) -> bool:
    pending = Objection.objects.filter(status=ObjectionStatus.PENDING)
    if flag is not None and pending.filter(flag=flag).exists():
        return True
    return event is not None and pending.filter(credit_event=event).exists()


def _rejected_before(flag: Flag | None, event: CreditEvent | None) -> bool:
    rejected = Objection.objects.filter(status=ObjectionStatus.REJECTED)
    if flag is not None:
        return rejected.filter(flag=flag).exists()
    return rejected.filter(credit_event=event).exists()


def target_of(flag: Flag | None = None, event: CreditEvent | None = None):
    """(flag, credit event) of a request: a credit event created by a flag is that flag's."""
    if flag is None and event is not None:
        flag = Flag.objects.filter(credit_event=event).first()
    if flag is not None and event is None and flag.credit_event_id:
        event = flag.credit_event
    return flag, event


def is_corrected(flag: Flag) -> bool:
    """Whether the problem a flag found is gone from the record as it is now.

    A listing that is no longer published (or no longer exists) shows nothing; one
    that is, is checked again by the rules the engine runs on publish. Other records
    (a purchaser's yearly plan) cannot be re-checked here: the centre judges.
    """
    target = flag.target
    if target is None or not is_listing(target) or not target.live:
        return True
    findings = listing_findings(target) + duplicates.same_project_posted_twice(target)
    return not any(f.rule == flag.rule and key_of(f) == flag.key for f in findings)


def refusal(user, kind: str, flag: Flag | None = None, event: CreditEvent | None = None):
    """Why `user` may not lodge `kind` on this flag / credit event now, or None."""
    flag, event = target_of(flag, event)
    provider_id = flag.provider_id if flag else event.provider_id
    purchaser_id = flag.purchaser_id if flag else None
    if not user.has_perm(LODGE) or not owns(user, provider_id, purchaser_id):
        return _("只有被监测的发布单位本身可以对本单位的记录提出异议或申请信用修复。")
    if flag is not None and not scoped(user, Flag.objects.filter(pk=flag.pk)).exists():
        return _("只有被监测的发布单位本身可以对本单位的记录提出异议或申请信用修复。")
    if _pending_on(flag, event):
        return _("该记录已有待答复的异议或信用修复申请，请等待答复。")
    event_active = event is not None and event.is_active
    if kind == ObjectionKind.OBJECTION:
        if flag is not None:
            decided = flag.status == FlagStatus.CONFIRMED or (
                flag.status == FlagStatus.OPEN and flag.correction_deadline
            )
            if not decided:
                return _("只能对已认定或已要求整改的监测标记提出异议。")
        elif not event_active:
            return _("该信用记录已撤销，无需提出异议。")
        if _rejected_before(flag, event):
            return _("该事项的异议已答复不成立，不能再次提出异议；整改后可申请信用修复。")
        return None
    if kind == ObjectionKind.REPAIR:
        if not event_active:
            return _("该记录没有有效的信用记录，无需申请信用修复。")
        if flag is not None and not is_corrected(flag):
            return _("监测发现的问题仍然存在，请先整改（修改并重新发布）后再申请信用修复。")
        return None
    return _("不支持的申请类型。")


def allowed_kinds(user, flag=None, event=None) -> list[str]:
    return [kind for kind in ObjectionKind.values if refusal(user, kind, flag, event) is None]


def credit_event_links(user, events) -> dict[int, str]:
    """For a provider's own account, beside each of its credit events on its record: the
    way to object or apply for repair (an active event), or the pending request. Two
    queries for all the events; the lodging page itself says why, if `refusal` refuses."""
    events = [e for e in events if owns(user, e.provider_id, None)]
    if not events or not user.has_perm(LODGE):
        return {}
    pending = dict(
        Objection.objects.filter(
            status=ObjectionStatus.PENDING, credit_event__in=events
        ).values_list("credit_event_id", "pk")
    )
    links = {}
    for event in events:
        if event.pk in pending:
            url = reverse("objections:inspect", args=[pending[event.pk]])
            links[event.pk] = format_html('<a href="{}">{}</a>', url, _("申请待答复"))
        elif event.is_active:
            url = reverse("objections:lodge_credit", args=[event.pk])
            links[event.pk] = format_html('<a href="{}">{}</a>', url, _("提出异议或申请信用修复"))
    return links


# --- lodging -------------------------------------------------------------------------


def submit(user, kind: str, reasons: str, files=(), flag=None, event=None) -> Objection:
    """Lodge an objection or a repair application; the files must already be verified
    (forms.ObjectionForm runs security.files.check_upload on each)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ObjectionRefused(_("请填写理由。"))
    with transaction.atomic():
        if flag is not None:
            flag = Flag.objects.select_for_update().get(pk=flag.pk)
        if event is not None:
            event = CreditEvent.objects.select_for_update().get(pk=event.pk)
        flag, event = target_of(flag, event)
        reason = refusal(user, kind, flag, event)
        if reason:
            raise ObjectionRefused(reason)
        today = timezone.localdate()
        source = flag if flag is not None else event
        objection = Objection.objects.create(
            kind=kind,
            flag=flag,
            credit_event=event,
            target_label=(flag.target_label if flag else str(event))[:250],
            provider_id=getattr(source, "provider_id", None),
            purchaser_id=flag.purchaser_id if flag else None,
            district_id=flag.district_id if flag else event.provider.district_id,
            reasons=reasons,
            deadline=answer_deadline(today),
            submitted_by=user,
        )
        for upload in files:
            ObjectionEvidence.objects.create(objection=objection, file=upload)
        if flag is not None:
            FlagAction.objects.create(
                flag=flag,
                kind=ActionKind.OBJECT
                if kind == ObjectionKind.OBJECTION
                else ActionKind.REPAIR_APPLY,
                opinion=_with_evidence(reasons, len(files), objection.deadline),
                actor=user,
            )
        log(
            objection,
            "moderation.objection.submit",
            user=user,
            data={"opinion": reasons, "evidence": len(files), "deadline": str(objection.deadline)},
        )
        notifications.objection_lodged(objection)
    return objection


def _with_evidence(text: str, count: int, deadline) -> str:
    notes = [_("附证据材料 %d 份") % count] if count else []
    notes.append(_("答复期限 %s") % deadline.isoformat())
    return f"{text}\n（{'；'.join(notes)}）"


# --- answering -----------------------------------------------------------------------


def available(objection: Objection, user) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS
        if t.kind == objection.kind and answer_refusal(objection, t.action, user) is None
    ]


def answer_refusal(objection: Objection, action: str, user) -> str | None:
    transition = TABLE.get((objection.kind, action))
    if transition is None:
        return _("不支持的处理方式。")
    if not objection.is_pending:
        return _("该申请已办结（%s），不能再处理。") % objection.get_status_display()
    if not user.has_perm(transition.permission):
        return _("您无权答复异议和信用修复申请。")
    if transition.permission == LODGE and not owns(
        user, objection.provider_id, objection.purchaser_id
    ):
        return _("只有提出申请的单位可以撤回。")
    if not scoped(user, Objection.objects.filter(pk=objection.pk)).exists():
        return _("您无权答复异议和信用修复申请。")
    return None


def perform(objection: Objection, action: str, user, opinion: str) -> Objection:
    """Answer (or withdraw) a pending objection; refuses with a Chinese message."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ObjectionRefused(
            _("请填写答复意见。") if action != "withdraw" else _("请填写撤回理由。")
        )
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        reason = answer_refusal(objection, action, user)
        if reason:
            raise ObjectionRefused(reason)
        transition = TABLE[(objection.kind, action)]
        now = timezone.now()
        objection.status = transition.to
        if action != "withdraw":
            objection.answer, objection.answered_by, objection.answered_at = opinion, user, now
        objection.save()
        flag = (
            Flag.objects.select_for_update().get(pk=objection.flag_id)
            if objection.flag_id
            else None
        )
        if flag is not None:
            FlagAction.objects.create(
                flag=flag, kind=transition.flag_action, opinion=opinion, actor=user
            )
        if transition.repairs:
            _repair(objection, flag, user, opinion, now)
        log(
            objection,
            f"moderation.objection.{action}",
            user=user,
            data={"opinion": opinion, "status": transition.to},
        )
        if action == "withdraw":
            notifications.objection_withdrawn(objection, opinion)
        else:
            notifications.objection_answered(objection, transition.to, opinion)
    return objection


def _repair(objection: Objection, flag: Flag | None, user, opinion: str, now) -> None:
    """An upheld objection or a granted repair: the record no longer holds the finding."""
    upheld = objection.kind == ObjectionKind.OBJECTION
    if flag is not None:
        flag.status = FlagStatus.DISMISSED if upheld else FlagStatus.RESOLVED
        flag.closed_at = now
        flag.save(update_fields=["status", "closed_at", "updated_at"])
        _unhide_if_clear(flag)
    event = objection.credit_event
    if event is not None:
        event = CreditEvent.objects.select_for_update().get(pk=event.pk)
    if event is not None and event.is_active:
        prefix = _("异议成立") if upheld else _("信用修复")
        reason = f"{prefix}：{opinion}"
        reverse_credit_event(event, user, reason, now)
        if flag is not None:
            FlagAction.objects.create(
                flag=flag, kind=ActionKind.REVERSE_CREDIT, opinion=reason, actor=user
            )


def _unhide_if_clear(flag: Flag) -> None:
    """A listing the centre hid comes back once none of its flags is open any more
    (as when the engine resolves a corrected one)."""
    target = flag.target
    if target is None or not is_listing(target) or not target.hidden_at:
        return
    still_open = Flag.objects.filter(
        content_type_id=flag.content_type_id, object_id=flag.object_id, status=FlagStatus.OPEN
    ).exists()
    if not still_open:
        set_hidden(target, False, "")


# --- reminders -----------------------------------------------------------------------


def reminder_days() -> int:
    return int(getattr(settings, "MODERATION_OBJECTION_REMINDER_DAYS", 3))


def remind_due(today=None) -> int:
    """Tell the centre once about each pending objection due within the reminder window
    (or already overdue); one summary per run. Returns how many were included."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=reminder_days())
    with transaction.atomic():
        due = list(
            Objection.objects.select_for_update(skip_locked=True)
            .filter(status=ObjectionStatus.PENDING, reminded_at__isnull=True, deadline__lte=horizon)
            .order_by("deadline", "id")
        )
        if not due:
            return 0
        notifications.objections_due(due, today)
        Objection.objects.filter(pk__in=[o.pk for o in due]).update(reminded_at=timezone.now())
    return len(due)
