"""What can be done with a flag, by whom, and what each action changes. One module, one table.

Every action needs a written opinion and leaves a FlagAction row (the audit
trail); decisions are notified to the publisher and its registration authority.
Views and tests go through `perform`, which refuses with a Chinese message.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import scoped
from catalog.models import CreditEvent
from search.indexing import reindex_later

from . import notifications
from .models import ActionKind, Flag, FlagAction, FlagStatus, ObjectionStatus
from .rules import RULES


class ActionRefused(Exception):
    pass


# action -> (label, permission)
ACTIONS = {
    ActionKind.DISMISS: (gettext_lazy("驳回（不构成问题）"), "moderation.change_flag"),
    ActionKind.REQUEST_CORRECTION: (gettext_lazy("要求整改"), "moderation.change_flag"),
    ActionKind.HIDE: (gettext_lazy("对公众屏蔽"), "moderation.change_flag"),
    ActionKind.UNHIDE: (gettext_lazy("取消屏蔽"), "moderation.change_flag"),
    ActionKind.CONFIRM: (gettext_lazy("认定为虚假、夸大信息"), "moderation.change_flag"),
    ActionKind.RESPOND: (gettext_lazy("答复（说明或已整改）"), "moderation.respond_flag"),
    ActionKind.REVERSE_CREDIT: (gettext_lazy("撤销信用记录"), "moderation.reverse_credit_event"),
}

# Decisions that close a flag: not while the publisher's objection to it waits for an answer.
CLOSING = {ActionKind.DISMISS, ActionKind.CONFIRM}


def is_listing(obj) -> bool:
    return hasattr(obj, "hidden_at")


def visible_flags(user, queryset=None):
    """The flags a user may see: city-wide roles all, a district its district, a publisher its own."""
    return scoped(user, Flag.objects.all() if queryset is None else queryset)


def refusal(flag: Flag, action: str, user, target=None) -> str | None:
    """Why `user` may not do `action` on `flag` now, or None if they may."""
    label, permission = ACTIONS[action]
    if (
        not user.has_perm(permission)
        or not visible_flags(user, Flag.objects.filter(pk=flag.pk)).exists()
    ):
        return _("您无权对该标记执行此操作。")
    today = timezone.localdate()
    if action == ActionKind.REVERSE_CREDIT:
        if not flag.credit_event_id or not flag.credit_event.is_active:
            return _("该标记没有可撤销的信用记录。")
        return None
    if action in (ActionKind.HIDE, ActionKind.UNHIDE):
        if target is None or not is_listing(target):
            return _("只有供需项目可以屏蔽。")
        if action == ActionKind.HIDE and target.hidden_at:
            return _("该记录已被屏蔽。")
        if action == ActionKind.UNHIDE and not target.hidden_at:
            return _("该记录未被屏蔽。")
        return None
    if not flag.is_open:
        return _("该标记已办结（%s），不能再处理。") % flag.get_status_display()
    if action in CLOSING and flag.objections.filter(status=ObjectionStatus.PENDING).exists():
        return _("发布方对该标记提出了异议，请先在“异议与信用修复”中答复。")
    if action == ActionKind.CONFIRM:
        if not RULES.get(flag.rule) or not RULES[flag.rule].false_claim:
            return _("该类问题不属于虚假、夸大信息，不能认定。")
        if not flag.provider_id:
            return _("只有社会组织发布的信息可以认定为失信行为。")
        if not flag.correction_deadline:
            return _("请先要求发布方整改，整改期限届满后才能认定。")
        if flag.correction_deadline >= today:
            return _("整改期限（%s）尚未届满，暂不能认定。") % flag.correction_deadline.isoformat()
    return None


def perform(flag: Flag, action: str, user, opinion: str, deadline=None) -> Flag:
    opinion = (opinion or "").strip()
    if not opinion:
        raise ActionRefused(_("请填写处理意见。"))
    with transaction.atomic():
        flag = (
            Flag.objects.select_for_update(of=("self",))
            .select_related("provider", "purchaser", "credit_event")
            .get(pk=flag.pk)
        )
        target = flag.target
        reason = refusal(flag, action, user, target)
        if reason:
            raise ActionRefused(reason)
        now = timezone.now()
        title = None
        if action == ActionKind.DISMISS:
            flag.status, flag.closed_at = FlagStatus.DISMISSED, now
            title = _("监测标记已驳回：%s") % flag.target_label
        elif action == ActionKind.REQUEST_CORRECTION:
            if not deadline or deadline <= timezone.localdate():
                raise ActionRefused(_("整改期限应晚于今天。"))
            flag.correction_deadline = deadline
            title = _("请于%(date)s前整改：%(label)s") % {
                "date": deadline.isoformat(),
                "label": flag.target_label,
            }
        elif action == ActionKind.HIDE:
            set_hidden(target, True, opinion)
            title = _("已对公众屏蔽：%s") % flag.target_label
        elif action == ActionKind.UNHIDE:
            set_hidden(target, False, "")
            title = _("已取消屏蔽：%s") % flag.target_label
        elif action == ActionKind.CONFIRM:
            flag.credit_event = CreditEvent.objects.create(
                provider_id=flag.provider_id,
                kind="false_claim",
                occurred_on=timezone.localdate(),
                description=f"{flag.rule_label}：{flag.message}\n{opinion}",
                source=_("内容监测 第%d号标记") % flag.pk,
                created_by=user,
            )
            flag.status, flag.closed_at = FlagStatus.CONFIRMED, now
            title = _("认定为虚假、夸大信息，记入信用记录：%s") % flag.target_label
        elif action == ActionKind.REVERSE_CREDIT:
            reverse_credit_event(flag.credit_event, user, opinion, now)
            title = _("信用记录已撤销：%s") % flag.target_label
        elif action == ActionKind.RESPOND:
            notifications.to_monitors(
                flag, _("发布方答复了监测标记：%s") % flag.target_label, opinion
            )
        flag.save()
        FlagAction.objects.create(
            flag=flag, kind=action, opinion=opinion, actor=user, deadline=deadline
        )
        if title:
            notifications.decision(flag, title, opinion)
    return flag


def reverse_credit_event(event: CreditEvent, user, reason: str, now=None) -> None:
    """The one reversal of a credit event: kept with who, when and why (never deleted).

    The save is what matching.facts listens to: a reversed event stops counting at once.
    """
    event.reversed_at = now or timezone.now()
    event.reversed_by, event.reversal_reason = user, reason
    event.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])


def set_hidden(instance, hidden: bool, reason: str) -> None:
    instance.hidden_at = timezone.now() if hidden else None
    instance.hidden_reason = reason if hidden else ""
    instance.save(update_fields=["hidden_at", "hidden_reason"])
    reindex_later(instance)  # a hidden record leaves the search index, a shown one returns
