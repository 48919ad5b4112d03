"""Follow a listing or an organization, and be told when it changes.

The catalog announces nothing of its own here: matching listens to the models'
`pre_save`/`post_save` (a lower app never calls a higher one, docs/architecture.md).
A change that followers care about (a demand listing's status, a planned item (拟购买)
opening after its budget approval, its award or
evaluation; a provider's evaluation grade; a new published listing of a followed
organization) becomes an outbox entry in the same transaction; the task then
notifies the followers, each e-mail with a link that ends that one follow.
"""

from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from catalog.models import (
    DemandIndexPage,
    DemandListing,
    Provider,
    Purchaser,
    SupplyIndexPage,
    SupplyListing,
)
from catalog.models.listings import DemandStatus, EvaluationResult
from notifications.delivery import Message, notify_each
from outbox.dispatch import enqueue

from . import tokens
from .facts import OPEN_STATUSES
from .models import Follow, Target

TRACKED = {
    DemandListing: ("status", "chosen_provider_id", "evaluation_result", "live", "title"),
    SupplyListing: ("live", "title"),
    Provider: ("grade",),
    Purchaser: (),
}
TARGET_OF = {
    DemandListing: Target.DEMAND,
    SupplyListing: Target.SUPPLY,
    Provider: Target.PROVIDER,
    Purchaser: Target.PURCHASER,
}


def public_url(model, pk: int) -> str:
    board = {DemandListing: DemandIndexPage, SupplyListing: SupplyIndexPage}.get(model)
    page = board.objects.live().first() if board else None
    return f"{page.url}{pk}/" if page is not None and page.url else ""


def _remember(sender, instance, raw=False, **kwargs):
    fields = TRACKED[sender]
    instance._matching_before = None
    if raw or not fields or instance.pk is None:
        return
    instance._matching_before = (
        sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    )


def changes(sender, instance, before: dict | None, created: bool) -> list[tuple[str, int, str]]:
    """(target, object id, what changed) for the followers to hear of."""
    found = []
    if sender is DemandListing and before:
        target = (Target.DEMAND, instance.pk)
        if before["status"] == DemandStatus.PLANNED and instance.status in OPEN_STATUSES:
            budget = f"（批复预算{instance.budget:,.2f}元）" if instance.budget is not None else ""
            found.append((*target, f"拟购买项目预算已批复{budget}，现已转为正式需求，开放对接"))
        elif before["status"] != instance.status:
            label = DemandStatus(instance.status).label
            found.append((*target, f"项目状态变更为「{label}」"))
        if (
            instance.chosen_provider_id
            and before["chosen_provider_id"] != instance.chosen_provider_id
        ):
            found.append((*target, f"已确定承接主体：{instance.chosen_provider}"))
        if instance.evaluation_result and before["evaluation_result"] != instance.evaluation_result:
            label = EvaluationResult(instance.evaluation_result).label
            found.append((*target, f"绩效评价结果：{label}"))
    if sender is Provider and before and before["grade"] != instance.grade:
        found.append((Target.PROVIDER, instance.pk, f"评估等级变更为{instance.grade or '未评估'}"))
    if sender in (DemandListing, SupplyListing):
        newly_live = instance.live and (created or (before is not None and not before["live"]))
        if newly_live and instance.hidden_at is None:
            owner = (
                (Target.PURCHASER, instance.purchaser_id, instance.purchaser)
                if sender is DemandListing
                else (Target.PROVIDER, instance.provider_id, instance.provider)
            )
            kind = sender._meta.verbose_name
            found.append((owner[0], owner[1], f"{owner[2]}发布了新的{kind}：{instance.title}"))
    return found


def _announce(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not set(update_fields) & {
        f.removesuffix("_id") for f in TRACKED[sender]
    } | set(TRACKED[sender]):
        return  # e.g. a draft revision's bookkeeping: the live record did not change
    before = getattr(instance, "_matching_before", None)
    found = changes(sender, instance, before, created)
    if not found:
        return
    targets = {(target, object_id) for target, object_id, _w in found}
    followed = set(
        Follow.objects.filter(
            target__in={t for t, _o in targets}, object_id__in={o for _t, o in targets}
        ).values_list("target", "object_id")
    )
    url = public_url(sender, instance.pk)
    for target, object_id, what in found:
        if (target, object_id) in followed:
            enqueue("matching.tell_followers", target, object_id, what, url)


def connect() -> None:
    for model in TRACKED:
        pre_save.connect(
            _remember, sender=model, dispatch_uid=f"matching_remember_{model.__name__}"
        )
        post_save.connect(
            _announce, sender=model, dispatch_uid=f"matching_announce_{model.__name__}"
        )


def tell_followers(target: str, object_id: int, what: str, url: str = "") -> int:
    follows = list(
        Follow.objects.filter(target=target, object_id=object_id, user__is_active=True).values_list(
            "pk", "user_id", "user__email", "label"
        )
    )
    notify_each(
        Message(
            recipient_id=user_id,
            email=email or "",
            title=f"您关注的「{label}」有更新",
            body=what,
            url=url or reverse("matching_follows:index"),
            unsubscribe_url=tokens.url("follow", pk),
        )
        for pk, user_id, email, label in follows
    )
    return len(follows)


def follow_label(target: str, object_id: int) -> str | None:
    """The name of what is followed, or None if there is no such record to follow."""
    model = {v: k for k, v in TARGET_OF.items()}[target]
    instance = model._default_manager.filter(pk=object_id).first()
    if instance is None:
        return None
    if model in (DemandListing, SupplyListing) and not instance.is_public:
        return None
    return str(instance)[:200]
