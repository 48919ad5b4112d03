"""Who hears about findings and decisions: the publisher and its registration authority (`001` art. 18).

The authority of a provider is the civil-affairs bureau that registered it (the
district admins of its district, or the city admins for a city-registered
one); of a purchaser, the district admins of its district (city admins for a
city department). Notifications are durable rows with an e-mail after commit
(`notifications.delivery.notify`); a run that finds many problems sends one
summary per recipient, not one message per flag.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import Role
from notifications.delivery import notify

QUEUE_URL = "/admin/moderation/flags/"
OBJECTIONS_URL = "/admin/moderation/objections/"


def _publisher_key(flag):
    if flag.provider_id:
        return ("provider", flag.provider_id)
    if flag.purchaser_id:
        return ("purchaser", flag.purchaser_id)
    return None


def _authority_key(flag):
    """("city", None) or ("district", district id)."""
    organization = (
        flag.provider if flag.provider_id else flag.purchaser if flag.purchaser_id else None
    )
    if organization is None:
        return None
    level = getattr(organization, "registration_level", None) or getattr(
        organization, "level", None
    )
    if level == "city" or not organization.district_id:
        return ("city", None)
    return ("district", organization.district_id)


def _users(keys) -> dict:
    """Users for each publisher or authority key, in one query."""
    User = get_user_model()
    ids = defaultdict(set)
    for kind, ident in keys:
        ids[kind].add(ident)
    # One condition per kind with an IN list: the query stays small however many keys.
    query = Q(pk__in=[])
    if ids["provider"]:
        query |= Q(account__role=Role.PROVIDER, account__provider_id__in=ids["provider"])
    if ids["purchaser"]:
        query |= Q(account__role=Role.PURCHASER, account__purchaser_id__in=ids["purchaser"])
    if ids["district"]:
        query |= Q(account__role=Role.DISTRICT_ADMIN, account__district_id__in=ids["district"])
    if ids["city"]:
        query |= Q(account__role=Role.CITY_ADMIN)
    found = defaultdict(list)
    for user in User.objects.filter(query, is_active=True).select_related("account"):
        account = user.account
        key = {
            Role.PROVIDER: ("provider", account.provider_id),
            Role.PURCHASER: ("purchaser", account.purchaser_id),
            Role.DISTRICT_ADMIN: ("district", account.district_id),
            Role.CITY_ADMIN: ("city", None),
        }.get(account.role)
        if key in keys:
            found[key].append(user)
    return found


def new_flags(flags) -> None:
    """Tell publishers (every finding) and authorities (medium and high ones) about new flags."""
    flags = [f for f in flags if f.source == "rule" or f.source == "report"]
    if not flags:
        return
    by_publisher, by_authority = defaultdict(list), defaultdict(list)
    for flag in flags:
        if key := _publisher_key(flag):
            by_publisher[key].append(flag)
        if flag.severity != "low" and (key := _authority_key(flag)):
            by_authority[key].append(flag)
    users = _users(set(by_publisher) | set(by_authority))
    for key, items in by_publisher.items():
        if users.get(key):
            notify(users[key], *_summary(items, _("内容监测发现本单位发布的信息存在问题")))
    for key, items in by_authority.items():
        if users.get(key):
            notify(users[key], *_summary(items, _("内容监测发现所管理单位发布的信息存在问题")))


def _summary(flags, heading):
    lines = [f"· {flag.target_label}：{flag.rule_label} — {flag.message}" for flag in flags[:20]]
    if len(flags) > 20:
        lines.append(_("……共%d条") % len(flags))
    title = f"{heading}（{len(flags)}）"
    url = f"{QUEUE_URL}inspect/{flags[0].pk}/" if len(flags) == 1 and flags[0].pk else QUEUE_URL
    return title, "\n".join(lines), url


def decision(flag, title: str, opinion: str) -> None:
    """Tell the publisher and its authority about a moderator's decision on one flag."""
    keys = {k for k in (_publisher_key(flag), _authority_key(flag)) if k}
    users = _users(keys)
    recipients = [user for key in keys for user in users.get(key, [])]
    if recipients:
        body = f"{flag.target_label}：{flag.rule_label}\n{flag.message}\n\n{_('意见：')}{opinion}"
        notify(recipients, title, body, f"{QUEUE_URL}inspect/{flag.pk}/")


def to_monitors(flag, title: str, body: str) -> None:
    User = get_user_model()
    monitors = User.objects.filter(account__role=Role.MONITOR, is_active=True)
    notify(list(monitors), title, body, f"{QUEUE_URL}inspect/{flag.pk}/")


# --- objections and credit repair (moderation.objections) ---


def objection_url(objection) -> str:
    return f"{OBJECTIONS_URL}inspect/{objection.pk}/"


def _monitors():
    User = get_user_model()
    return list(User.objects.filter(account__role=Role.MONITOR, is_active=True))


def _publisher_keys(objection):
    if objection.provider_id:
        return {("provider", objection.provider_id)}
    if objection.purchaser_id:
        return {("purchaser", objection.purchaser_id)}
    return set()


def objection_lodged(objection) -> None:
    """The centre hears of every new objection or repair application, with its deadline."""
    title = _("收到%(kind)s：%(label)s") % {
        "kind": objection.get_kind_display(),
        "label": objection.target_label,
    }
    body = _("请于%(date)s前答复。\n理由：%(reasons)s") % {
        "date": objection.deadline.isoformat(),
        "reasons": objection.reasons[:500],
    }
    notify(_monitors(), title, body, objection_url(objection))


def objection_answered(objection, status, opinion: str) -> None:
    """The publisher (and its registration authority, when a flag is involved) hears the answer."""
    keys = _publisher_keys(objection)
    if objection.flag_id and (key := _authority_key(objection.flag)):
        keys.add(key)
    users = _users(keys)
    recipients = [user for key in keys for user in users.get(key, [])]
    if recipients:
        title = _("%(kind)s已答复：%(status)s（%(label)s）") % {
            "kind": objection.get_kind_display(),
            "status": objection.get_status_display(),
            "label": objection.target_label,
        }
        notify(recipients, title, f"{_('答复意见：')}{opinion}", objection_url(objection))


def objection_withdrawn(objection, opinion: str) -> None:
    title = _("%(kind)s已撤回：%(label)s") % {
        "kind": objection.get_kind_display(),
        "label": objection.target_label,
    }
    notify(_monitors(), title, opinion, objection_url(objection))


def objections_due(objections, today) -> None:
    """One reminder per run to the centre: the pending ones near or past their deadline."""
    lines = []
    for objection in objections[:20]:
        state = _("已逾期") if objection.deadline < today else _("即将到期")
        lines.append(
            f"· {objection.target_label}：{objection.get_kind_display()}，"
            f"{_('答复期限')} {objection.deadline.isoformat()}（{state}）"
        )
    if len(objections) > 20:
        lines.append(_("……共%d件") % len(objections))
    title = _("异议和信用修复申请即将到期（%d）") % len(objections)
    url = objection_url(objections[0]) if len(objections) == 1 else OBJECTIONS_URL
    notify(_monitors(), title, "\n".join(lines), url)
