"""The nomination status machine: ONE transition table, and the one function that applies it.

Every screen, task and test asks this module what a user may do with an
application (`allowed_actions`) and does it through `perform`, creation,
carry-over and expert assignment included. The statuses are those of `000`
attachment 4. Each row says who may act, from which status to which, whether an
opinion is required, which round window must be open, what else the step
*requires* (`REQUIREMENTS`) and what it *sets* besides the status (`EFFECTS`).
Every step is recorded through Wagtail's log actions (`nominations.<action>`,
registered in wagtail_hooks.py), so the admin's History view of an application
is its real history.

Why not Wagtail's workflows: they have no terminal refusal and route a
send-back to the task that sent it, so 不同意 and 市级退回 (back to the district,
not to the provider) do not fit; see docs/nominations.md.

Over 400 lines on purpose: the table, its requirements and effects and the one
function that applies them are read together; split, a reader could not check a
row against what `perform` does with it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log, registry

from accounts.access import account_of
from accounts.roles import Role

from .models import Application, ExpertReview, RereviewResult, Status, Window
from .notifications import notify_assignment, notify_transition


class Action:
    CREATE = "create"
    CARRY_OVER = "carry_over"
    EDIT = "edit"
    DELETE = "delete"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REFUSE = "refuse"
    CLOSE = "close"
    ASSIGN_EXPERT = "assign_expert"
    PASS_REREVIEW = "pass_rereview"  # noqa: S105 - an action name, not a password
    FAIL_REREVIEW = "fail_rereview"

    LABELS = {
        CREATE: _("新建申报"),
        CARRY_OVER: _("结转上年目录"),
        EDIT: _("修改"),
        DELETE: _("删除"),
        SUBMIT: _("提交"),
        APPROVE: _("同意并提交"),
        RETURN: _("退回"),
        REFUSE: _("不同意"),
        CLOSE: _("逾期不予推荐"),
        ASSIGN_EXPERT: _("分配复审专家"),
        PASS_REREVIEW: _("通过复审"),
        FAIL_REREVIEW: _("不通过复审"),
    }
    # The actions on an existing application (the exhaustive test walks all of them).
    ALL = (
        EDIT,
        DELETE,
        SUBMIT,
        APPROVE,
        RETURN,
        REFUSE,
        CLOSE,
        ASSIGN_EXPERT,
        PASS_REREVIEW,
        FAIL_REREVIEW,
    )


class Actor:
    PROVIDER = "provider"  # the applying organization's own accounts
    DISTRICT = "district"  # its district bureau (first review of district-registered providers)
    CITY = "city"  # the city bureau (first review of city-registered ones, final review)
    CENTRE = "centre"  # the city social-organization service centre (organises the re-review)
    SYSTEM = "system"  # the round's calendar (scheduled tasks) or a round-level step

    LABELS = {
        PROVIDER: _("社会组织"),
        DISTRICT: _("区民政局"),
        CITY: _("市民政局"),
        CENTRE: _("市社会组织服务中心"),
        SYSTEM: _("系统"),
    }


# Which providers a row applies to: by registration level (Provider.registration_level).
DISTRICT_REGISTERED = "district"
CITY_REGISTERED = "city"
BOTH = (DISTRICT_REGISTERED, CITY_REGISTERED)
D_ONLY, C_ONLY = (DISTRICT_REGISTERED,), (CITY_REGISTERED,)


@dataclass(frozen=True)
class Transition:
    action: str
    actor: str
    source: str | None  # None: the application does not exist yet
    target: str | None  # None: the application is deleted
    opinion_required: bool = False
    window: str | None = None  # the round's window that must be open
    registration: tuple[str, ...] = BOTH
    requires: tuple[str, ...] = ()  # keys of REQUIREMENTS
    sets: tuple[str, ...] = ()  # keys of EFFECTS
    tells_provider: bool = True  # the provider sees the change, so it is told


S, A, R = Status, Action, Actor
SELF, FIRST, REREVIEW = Window.SELF_NOMINATION, Window.FIRST_REVIEW, Window.REREVIEW
UNDECIDED = (S.SUBMITTED, S.DISTRICT_RETURNED, S.CITY_RETURNED, S.DISTRICT_APPROVED)

TRANSITIONS: tuple[Transition, ...] = (
    # The provider creates, edits and deletes its draft, and submits it to its registration authority.
    Transition(
        action=A.CREATE,
        actor=R.PROVIDER,
        source=None,
        target=S.SAVED,
        window=SELF,
        tells_provider=False,
    ),
    Transition(
        action=A.EDIT,
        actor=R.PROVIDER,
        source=S.SAVED,
        target=S.SAVED,
        window=SELF,
        tells_provider=False,
    ),
    Transition(
        action=A.DELETE, actor=R.PROVIDER, source=S.SAVED, target=None, tells_provider=False
    ),
    Transition(
        action=A.SUBMIT,
        actor=R.PROVIDER,
        source=S.SAVED,
        target=S.SUBMITTED,
        window=SELF,
        requires=("stamped_form",),
        sets=("submitted_now",),
    ),
    # Last year's directory entries come back submitted, for their authority to re-confirm (`000` 四(一)).
    Transition(
        action=A.CARRY_OVER,
        actor=R.SYSTEM,
        source=None,
        target=S.SUBMITTED,
        sets=("submitted_now",),
    ),
    # Once returned by its registration authority the provider corrects and resubmits
    # (until the first-review deadline, so a return after the self-nomination window is no dead end).
    Transition(
        action=A.EDIT,
        actor=R.PROVIDER,
        source=S.DISTRICT_RETURNED,
        target=S.DISTRICT_RETURNED,
        window=FIRST,
        registration=D_ONLY,
        tells_provider=False,
    ),
    Transition(
        action=A.SUBMIT,
        actor=R.PROVIDER,
        source=S.DISTRICT_RETURNED,
        target=S.SUBMITTED,
        window=FIRST,
        registration=D_ONLY,
        requires=("stamped_form",),
        sets=("submitted_now",),
    ),
    Transition(
        action=A.EDIT,
        actor=R.PROVIDER,
        source=S.CITY_RETURNED,
        target=S.CITY_RETURNED,
        window=FIRST,
        registration=C_ONLY,
        tells_provider=False,
    ),
    Transition(
        action=A.SUBMIT,
        actor=R.PROVIDER,
        source=S.CITY_RETURNED,
        target=S.SUBMITTED,
        window=FIRST,
        registration=C_ONLY,
        requires=("stamped_form",),
        sets=("submitted_now",),
    ),
    # The district bureau: first review of its district-registered providers, and again
    # after the city returned an application to it (市级退回).
    *(
        Transition(
            action=action,
            actor=R.DISTRICT,
            source=source,
            target=target,
            opinion_required=True,
            window=FIRST,
            registration=D_ONLY,
            requires=requires,
        )
        for source in (S.SUBMITTED, S.CITY_RETURNED)
        for action, target, requires in (
            (A.APPROVE, S.DISTRICT_APPROVED, ("not_dishonest",)),
            (A.RETURN, S.DISTRICT_RETURNED, ()),
            (A.REFUSE, S.REFUSED, ()),
        )
    ),
    # The city bureau: final review of what the districts forwarded, and first review of
    # city-registered providers (a return then goes to the provider).
    *(
        Transition(
            action=action,
            actor=R.CITY,
            source=source,
            target=target,
            opinion_required=True,
            window=FIRST,
            registration=registration,
            requires=requires,
        )
        for source, registration in ((S.DISTRICT_APPROVED, D_ONLY), (S.SUBMITTED, C_ONLY))
        for action, target, requires in (
            (A.APPROVE, S.CITY_APPROVED, ("not_dishonest",)),
            (A.RETURN, S.CITY_RETURNED, ()),
            (A.REFUSE, S.REFUSED, ()),
        )
    ),
    # After the first-review deadline nobody can move an undecided application any more;
    # the city closes it explicitly (with the reason) so the round can go on.
    *(
        Transition(
            action=A.CLOSE,
            actor=R.CITY,
            source=source,
            target=S.REFUSED,
            opinion_required=True,
            requires=("first_review_over",),
        )
        for source in UNDECIDED
    ),
    # Re-review (复审): the service centre assigns experts, who score; then the city decides.
    Transition(
        action=A.ASSIGN_EXPERT,
        actor=R.CENTRE,
        source=S.CITY_APPROVED,
        target=S.CITY_APPROVED,
        window=REREVIEW,
        requires=("expert_given",),
        sets=("expert_assigned",),
        tells_provider=False,
    ),
    Transition(
        action=A.PASS_REREVIEW,
        actor=R.CITY,
        source=S.CITY_APPROVED,
        target=S.CITY_APPROVED,
        window=REREVIEW,
        requires=("not_dishonest", "experts_scored"),
        sets=("rereview_passed",),
    ),
    Transition(
        action=A.FAIL_REREVIEW,
        actor=R.CITY,
        source=S.CITY_APPROVED,
        target=S.CITY_APPROVED,
        opinion_required=True,
        window=REREVIEW,
        requires=("experts_scored",),
        sets=("rereview_failed",),
    ),
)

# Statuses in which a provider may change its application, per registration level.
EDITABLE = {
    level: {t.source for t in TRANSITIONS if t.action == A.EDIT and level in t.registration}
    for level in BOTH
}


class TransitionRefused(ValidationError):
    """An action the table does not allow now; the message says why, in Chinese."""


# --- what a step requires: key -> Requirement -----------------------------------------------


@dataclass(frozen=True)
class Requirement:
    holds: object  # (application, details, today) -> bool
    message: str
    asks: bool = False  # depends on what the user gives with the action (not probed for buttons)


def _experts_scored(application, details, today):
    reviews = list(application.expert_reviews.values_list("score", flat=True))
    return bool(reviews) and all(score is not None for score in reviews)


def _expert_given(application, details, today):
    expert = details.get("expert")
    account = account_of(expert) if expert is not None else None
    return (
        account is not None
        and account.role == Role.EXPERT
        and expert.is_active
        and not application.expert_reviews.filter(expert=expert).exists()
    )


REQUIREMENTS = {
    "stamped_form": Requirement(
        lambda application, details, today: bool(application.recommendation_form),
        _("请先上传经购买主体盖章的《购买主体推荐意见表》"),
    ),
    "not_dishonest": Requirement(
        lambda application, details, today: not application.provider.is_seriously_dishonest,
        _("该社会组织已列入严重失信主体名单，不得推荐"),
    ),
    "first_review_over": Requirement(
        lambda application, details, today: today > application.round.first_review_end,
        _("初审截止后才能对未完成初审的申报作逾期处理"),
    ),
    "experts_scored": Requirement(
        _experts_scored,
        _("复审专家尚未全部评分：至少分配一位专家并完成评分后，市民政局才能作出复审决定"),
    ),
    "expert_given": Requirement(_expert_given, _("请选择一位尚未分配该申报的评审专家"), asks=True),
}


# --- what a step sets besides the status: key -> effect(application, details) -> fields ------


def _submitted_now(application, details):
    application.submitted_at = timezone.now()
    return ["submitted_at"]


def _rereview(result):
    def effect(application, details):
        application.rereview_result = result
        return ["rereview_result"]

    return effect


def _expert_assigned(application, details):

    review = ExpertReview.objects.create(
        application=application, expert=details["expert"], assigned_by=details.get("user")
    )
    notify_assignment(review)
    return []


EFFECTS = {
    "submitted_now": _submitted_now,
    "rereview_passed": _rereview(RereviewResult.PASSED),
    "rereview_failed": _rereview(RereviewResult.FAILED),
    "expert_assigned": _expert_assigned,
}


def actor_of(user, application: Application) -> str | None:
    """Which party of the table `user` is for this application, if any (None user: the system)."""
    if user is None:
        return Actor.SYSTEM
    if getattr(user, "is_superuser", False):
        return Actor.CITY
    account = account_of(user)
    if account is None:
        return None
    if account.role == Role.CITY_ADMIN:
        return Actor.CITY
    if account.role == Role.MONITOR:
        return Actor.CENTRE
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
    source = application.status if application.pk else None
    for transition in TRANSITIONS:
        if (
            transition.source == source
            and transition.action == action
            and transition.actor == actor
            and level in transition.registration
        ):
            return transition
    return None


def check(
    application, user, action, opinion: str = "", today=None, probe=False, **details
) -> Transition:
    """The transition `user` may make, or TransitionRefused with the reason."""
    today = today or timezone.localdate()
    actor = actor_of(user, application)
    if actor is None:
        raise TransitionRefused(_("您无权处理该申报"))
    rule = rule_for(application, action, actor)
    if rule is None:
        raise TransitionRefused(
            _("申报状态为“%(status)s”时，%(actor)s不能执行“%(action)s”操作")
            % {
                "status": application.get_status_display() if application.pk else "—",
                "actor": Actor.LABELS[actor],
                "action": Action.LABELS.get(action, action),
            }
        )
    if rule.window and not application.round.is_open(rule.window, today):
        start, end = application.round.window_bounds(rule.window)
        raise TransitionRefused(
            _("%(window)s时间为 %(start)s 至 %(end)s，当前不在该时间内，不能执行“%(action)s”操作")
            % {
                "window": Window(rule.window).label,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "action": Action.LABELS[action],
            }
        )
    if rule.opinion_required and not (opinion or "").strip():
        raise TransitionRefused(_("请填写意见：提交、退回、不同意均须填写书面意见"))
    for key in rule.requires:
        requirement = REQUIREMENTS[key]
        if probe and requirement.asks:
            continue
        if not requirement.holds(application, details, today):
            raise TransitionRefused(requirement.message)
    return rule


def allowed_actions(application, user, today=None) -> list[str]:
    """The actions `user` may take now (opinions and experts aside: asked for with the action)."""
    allowed = []
    for action in Action.ALL:
        try:
            check(application, user, action, opinion="-", today=today, probe=True)
        except TransitionRefused:
            continue
        allowed.append(action)
    return allowed


def can_edit(application, user, today=None) -> bool:
    return Action.EDIT in allowed_actions(application, user, today)


def perform(application, user, action, opinion: str = "", today=None, **details):
    """Apply a row of the table: the status, what it sets, its log entry and its messages
    together, or nothing at all. An unsaved `application` is created (create, carry-over)."""

    with transaction.atomic():
        if application.pk:
            current = (
                Application.objects.select_for_update()
                .select_related("round", "provider")
                .get(pk=application.pk)
            )
            # Keep fields the caller changed but has not saved (an edit form) on the locked status.
            application.status = current.status
        rule = check(application, user, action, opinion, today, **details)
        before = application.status if application.pk else ""
        opinion = (opinion or "").strip()
        entry = {
            "action": action,
            "actor": rule.actor,
            "from": before,
            "to": rule.target or "",
            "opinion": opinion,
            **{key: str(value) for key, value in details.get("log", {}).items()},
        }
        if rule.target is None:
            log(application, f"nominations.{action}", user=user, data=entry)
            application.delete()
            return None
        fields = ["updated_at"]
        if rule.target != before:
            application.status = rule.target
            fields.append("status")
        if opinion and rule.actor != Actor.PROVIDER:
            application.last_opinion = opinion
            fields.append("last_opinion")
        for effect in rule.sets:
            fields += EFFECTS[effect](application, {**details, "user": user})
        if "expert" in details:
            expert = details["expert"]
            entry["expert"] = expert.get_full_name() or expert.username
        if rule.source is None:
            application.save()
        elif action != Action.EDIT:
            application.save(update_fields=fields)
        log(application, f"nominations.{action}", user=user, data=entry)
        if rule.tells_provider:
            notify_transition(application, before, rule)
    return application


def history(application):
    """The application's log entries (its History), oldest first, with who acted."""

    return (
        registry.get_logs_for_instance(application)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
