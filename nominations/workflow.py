"""The nomination status machine: ONE transition table, and the one function that applies it.

Every screen, API and test asks this module what a user may do with an
application (`allowed_actions`) and does it through `perform`. The statuses are
those of `000` attachment 4; the actors are the provider, its registration
authority for the first review (its district's civil-affairs bureau, or the
city bureau for city-registered providers) and the city bureau for the final
review and the re-review decision.

Why not Wagtail's workflows: they have no terminal refusal and route a
send-back to the task that sent it, so 不同意 and 市级退回 (back to the district,
not to the provider) do not fit; see docs/nominations.md.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import account_of
from accounts.roles import Role

from .models import Application, ApplicationEvent, RereviewResult, Status, Window


class Action:
    EDIT = "edit"
    DELETE = "delete"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REFUSE = "refuse"
    PASS_REREVIEW = "pass_rereview"  # noqa: S105 - an action name, not a password
    FAIL_REREVIEW = "fail_rereview"

    LABELS = {
        EDIT: _("修改"),
        DELETE: _("删除"),
        SUBMIT: _("提交"),
        APPROVE: _("同意并提交"),
        RETURN: _("退回"),
        REFUSE: _("不同意"),
        PASS_REREVIEW: _("通过复审"),
        FAIL_REREVIEW: _("不通过复审"),
    }
    ALL = (EDIT, DELETE, SUBMIT, APPROVE, RETURN, REFUSE, PASS_REREVIEW, FAIL_REREVIEW)


class Actor:
    PROVIDER = "provider"  # the applying organization's own accounts
    DISTRICT = "district"  # its district bureau (first review of district-registered providers)
    CITY = "city"  # the city bureau (first review of city-registered ones, final review)

    LABELS = {PROVIDER: _("社会组织"), DISTRICT: _("区民政局"), CITY: _("市民政局")}


# Which providers a row applies to: by registration level (Provider.registration_level).
DISTRICT_REGISTERED = "district"
CITY_REGISTERED = "city"
BOTH = (DISTRICT_REGISTERED, CITY_REGISTERED)


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    actor: str
    target: str | None  # None: the application is deleted
    opinion_required: bool
    window: str | None  # the round's window that must be open, or None
    registration: tuple[str, ...] = BOTH


S, A, R = Status, Action, Actor
D_ONLY, C_ONLY = (DISTRICT_REGISTERED,), (CITY_REGISTERED,)
SELF, FIRST, REREVIEW = Window.SELF_NOMINATION, Window.FIRST_REVIEW, Window.REREVIEW

TRANSITIONS: tuple[Transition, ...] = (
    # The provider: edits and deletes its draft, submits it to its registration authority.
    Transition(S.SAVED, A.EDIT, R.PROVIDER, S.SAVED, False, SELF),
    Transition(S.SAVED, A.DELETE, R.PROVIDER, None, False, None),
    Transition(S.SAVED, A.SUBMIT, R.PROVIDER, S.SUBMITTED, False, SELF),
    # ... and, once returned by its registration authority, corrects and resubmits
    # (until the first-review deadline, so a return after the self-nomination window is no dead end).
    Transition(S.DISTRICT_RETURNED, A.EDIT, R.PROVIDER, S.DISTRICT_RETURNED, False, FIRST, D_ONLY),
    Transition(S.DISTRICT_RETURNED, A.SUBMIT, R.PROVIDER, S.SUBMITTED, False, FIRST, D_ONLY),
    Transition(S.CITY_RETURNED, A.EDIT, R.PROVIDER, S.CITY_RETURNED, False, FIRST, C_ONLY),
    Transition(S.CITY_RETURNED, A.SUBMIT, R.PROVIDER, S.SUBMITTED, False, FIRST, C_ONLY),
    # The district bureau: first review of its district-registered providers, and again
    # after the city returned an application to it (市级退回).
    Transition(S.SUBMITTED, A.APPROVE, R.DISTRICT, S.DISTRICT_APPROVED, True, FIRST, D_ONLY),
    Transition(S.SUBMITTED, A.RETURN, R.DISTRICT, S.DISTRICT_RETURNED, True, FIRST, D_ONLY),
    Transition(S.SUBMITTED, A.REFUSE, R.DISTRICT, S.REFUSED, True, FIRST, D_ONLY),
    Transition(S.CITY_RETURNED, A.APPROVE, R.DISTRICT, S.DISTRICT_APPROVED, True, FIRST, D_ONLY),
    Transition(S.CITY_RETURNED, A.RETURN, R.DISTRICT, S.DISTRICT_RETURNED, True, FIRST, D_ONLY),
    Transition(S.CITY_RETURNED, A.REFUSE, R.DISTRICT, S.REFUSED, True, FIRST, D_ONLY),
    # The city bureau: final review of what the districts forwarded ...
    Transition(S.DISTRICT_APPROVED, A.APPROVE, R.CITY, S.CITY_APPROVED, True, FIRST, D_ONLY),
    Transition(S.DISTRICT_APPROVED, A.RETURN, R.CITY, S.CITY_RETURNED, True, FIRST, D_ONLY),
    Transition(S.DISTRICT_APPROVED, A.REFUSE, R.CITY, S.REFUSED, True, FIRST, D_ONLY),
    # ... and first review of city-registered providers (a return goes to the provider).
    Transition(S.SUBMITTED, A.APPROVE, R.CITY, S.CITY_APPROVED, True, FIRST, C_ONLY),
    Transition(S.SUBMITTED, A.RETURN, R.CITY, S.CITY_RETURNED, True, FIRST, C_ONLY),
    Transition(S.SUBMITTED, A.REFUSE, R.CITY, S.REFUSED, True, FIRST, C_ONLY),
    # Re-review (复审): after the experts scored, the city decides who passes.
    Transition(S.CITY_APPROVED, A.PASS_REREVIEW, R.CITY, S.CITY_APPROVED, False, REREVIEW),
    Transition(S.CITY_APPROVED, A.FAIL_REREVIEW, R.CITY, S.CITY_APPROVED, True, REREVIEW),
)

# Statuses in which a provider may change its application, per registration level.
EDITABLE = {
    level: {t.source for t in TRANSITIONS if t.action == A.EDIT and level in t.registration}
    for level in BOTH
}


class TransitionRefused(ValidationError):
    """An action the table does not allow now; the message says why, in Chinese."""


def actor_of(user, application: Application) -> str | None:
    """Which party of the table `user` is for this application, if any."""
    if getattr(user, "is_superuser", False):
        return Actor.CITY
    account = account_of(user)
    if account is None:
        return None
    if account.role == Role.CITY_ADMIN:
        return Actor.CITY
    provider = application.provider
    if account.role == Role.DISTRICT_ADMIN and (
        provider.registration_level == DISTRICT_REGISTERED
        and account.district_id == provider.district_id
    ):
        return Actor.DISTRICT
    if account.role == Role.PROVIDER and account.provider_id == application.provider_id:
        return Actor.PROVIDER
    return None


def rule_for(application: Application, action: str, actor: str | None) -> Transition | None:
    level = application.provider.registration_level
    for transition in TRANSITIONS:
        if (
            transition.source == application.status
            and transition.action == action
            and transition.actor == actor
            and level in transition.registration
        ):
            return transition
    return None


def check(application, user, action, opinion: str = "", today: datetime.date | None = None):
    """The transition `user` may make, or TransitionRefused with the reason."""
    actor = actor_of(user, application)
    if actor is None:
        raise TransitionRefused(_("您无权处理该申报"))
    rule = rule_for(application, action, actor)
    if rule is None:
        raise TransitionRefused(
            _("申报状态为“%(status)s”时，%(actor)s不能执行“%(action)s”操作")
            % {
                "status": application.get_status_display(),
                "actor": Actor.LABELS[actor],
                "action": Action.LABELS.get(action, action),
            }
        )
    if rule.window:
        round_ = application.round
        if not round_.is_open(rule.window, today):
            start, end = round_.window_bounds(rule.window)
            raise TransitionRefused(
                _(
                    "%(window)s时间为 %(start)s 至 %(end)s，当前不在该时间内，不能执行“%(action)s”操作"
                )
                % {
                    "window": Window(rule.window).label,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "action": Action.LABELS[action],
                }
            )
    if rule.opinion_required and not (opinion or "").strip():
        raise TransitionRefused(_("请填写意见：提交、退回、不同意均须填写书面意见"))
    if action == Action.SUBMIT and not application.recommendation_form:
        raise TransitionRefused(_("请先上传经购买主体盖章的《购买主体推荐意见表》"))
    if (
        action in (Action.APPROVE, Action.PASS_REREVIEW)
        and application.provider.is_seriously_dishonest
    ):
        raise TransitionRefused(_("该社会组织已列入严重失信主体名单，不得推荐"))
    return rule


def allowed_actions(application, user, today: datetime.date | None = None) -> list[str]:
    """The actions `user` may take now (opinions aside: they are asked for with the action)."""
    allowed = []
    for action in Action.ALL:
        try:
            check(application, user, action, opinion="-", today=today)
        except TransitionRefused:
            continue
        allowed.append(action)
    return allowed


def can_edit(application, user, today=None) -> bool:
    return Action.EDIT in allowed_actions(application, user, today)


def perform(application, user, action, opinion: str = "", today=None) -> Application | None:
    """Apply an action: status, history row and notifications together, or nothing at all."""
    from .notifications import notify_transition

    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .select_related("round", "provider")
            .get(pk=application.pk)
        )
        # Keep fields the caller changed but has not saved (e.g. a form) on the locked row's status.
        application.status = current.status
        rule = check(application, user, action, opinion, today)
        if rule.target is None:
            application.delete()
            return None
        before = application.status
        opinion = (opinion or "").strip()
        fields = ["updated_at"]
        if rule.target != before:
            application.status = rule.target
            fields.append("status")
        if action == Action.SUBMIT:
            application.submitted_at = timezone.now()
            fields.append("submitted_at")
        if action in (Action.PASS_REREVIEW, Action.FAIL_REREVIEW):
            application.rereview_result = (
                RereviewResult.PASSED if action == Action.PASS_REREVIEW else RereviewResult.FAILED
            )
            fields.append("rereview_result")
        if opinion and rule.actor != Actor.PROVIDER:
            application.last_opinion = opinion
            fields.append("last_opinion")
        if action != Action.EDIT:
            application.save(update_fields=fields)
        record(application, user, action, Actor.LABELS[rule.actor], before, rule.target, opinion)
        if rule.target != before:
            notify_transition(application, before, rule)
    return application


def record(application, user, action, actor_label, before, after, opinion="") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        actor_label=str(actor_label),
        from_status=before or "",
        to_status=after or "",
        opinion=opinion,
    )
