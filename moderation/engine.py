"""Running the rules: over one listing (on publish) or over everything (the daily job), and turning findings into flags.

The daily run reads listings in primary-key chunks (never all rows at once),
evaluates the per-record rules in Python, and writes flags with one read and a
few bulk writes per chunk. Set-wise rules (duplicates, the yearly plan) read
only the columns they need.
"""

import datetime
import hashlib
import logging
from collections import defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from catalog.checks import completeness
from catalog.models import DemandListing, Purchaser, SupplyListing

from . import notifications
from .actions import set_hidden
from .models import ActionKind, Flag, FlagAction, FlagSource, FlagStatus
from .rules import LISTING_CHECKS, RULES, timeliness
from .rules import duplicates as dup

logger = logging.getLogger(__name__)

CHUNK = 2000
LISTING_MODELS = (DemandListing, SupplyListing)
# Rules a per-listing pass evaluates; their open flags not found again are resolved.
PER_LISTING_RULES = {
    "completeness.required",
    "completeness.expected",
    "timeliness.late_publication",
    "completeness.contract_result",
    "privacy.id_card",
    "privacy.mobile",
    "privacy.email",
    "claims.absolute",
    "amounts.contradiction",
    "eligibility.provider",
}
SNAPSHOT_SKIP = {
    "id",
    "hidden_at",
    "hidden_reason",
    "latest_revision",
    "live_revision",
    "locked_by",
}


def listing_findings(instance) -> list:
    findings = list(completeness(instance))
    for check in LISTING_CHECKS:
        findings.extend(check(instance))
    return findings


def key_of(finding) -> str:
    raw = str(finding.extra.get("key") or finding.field_name or "")
    return raw if len(raw) <= 64 else hashlib.sha1(raw.encode()).hexdigest()  # noqa: S324 - a key, not security


def snapshot_of(instance) -> dict:
    data = {}
    deferred = instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.name in SNAPSHOT_SKIP or field.attname in deferred:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[field.name] = value
    return data


def publisher_of(instance) -> dict:
    """provider / purchaser / district fields of a flag on this record."""
    name = type(instance).__name__
    if name == "SupplyListing":
        provider = instance.provider
        return {"provider": provider, "district_id": provider.district_id}
    if name == "DemandListing":
        purchaser = instance.purchaser
        return {
            "purchaser": purchaser,
            "district_id": purchaser.district_id or instance.district_id,
        }
    if name == "Purchaser":
        return {"purchaser": instance, "district_id": instance.district_id}
    if name == "Provider":
        return {"provider": instance, "district_id": instance.district_id}
    return {}


def sync_flags(content_type, records: dict, found: dict, rules: set, now=None, key=None) -> dict:
    """Make the open flags of `records` (pk -> instance) match `found` (pk -> findings) for `rules`.

    New findings become open flags, unless the same finding is already open,
    confirmed or dismissed (a moderator's dismissal holds); open flags whose
    finding is gone are resolved. Returns counts and the new flags.
    """
    now = now or timezone.now()
    existing = defaultdict(dict)  # pk -> {(rule, key): (id, status)}
    rows = Flag.objects.filter(
        content_type=content_type,
        object_id__in=list(records),
        source=FlagSource.RULE,
        rule__in=rules,
    ).exclude(status=FlagStatus.RESOLVED)
    if key is not None:
        rows = rows.filter(key=key)
    for flag_id, pk, rule, key, status in rows.values_list(
        "id", "object_id", "rule", "key", "status"
    ):
        existing[pk][(rule, key)] = (flag_id, status)

    to_create, to_resolve = [], []
    for pk, instance in records.items():
        wanted = {}
        for finding in found.get(pk, []):
            if finding.rule in rules:
                wanted.setdefault((finding.rule, key_of(finding)), finding)
        for ident, (flag_id, status) in existing[pk].items():
            if status == FlagStatus.OPEN and ident not in wanted:
                to_resolve.append(flag_id)
        for ident, finding in wanted.items():
            if ident in existing[pk]:
                continue
            to_create.append(
                Flag(
                    content_type=content_type,
                    object_id=pk,
                    target_label=str(instance)[:250],
                    rule=finding.rule,
                    key=ident[1],
                    severity=finding.severity,
                    blocks=finding.blocks,
                    message=str(finding.message),
                    field_name=finding.field_name,
                    excerpt=finding.excerpt,
                    snapshot=snapshot_of(instance),
                    **publisher_of(instance),
                )
            )
    created = Flag.objects.bulk_create(to_create, batch_size=500)
    if to_resolve:
        Flag.objects.filter(id__in=to_resolve, status=FlagStatus.OPEN).update(
            status=FlagStatus.RESOLVED, closed_at=now, updated_at=now
        )
        FlagAction.objects.bulk_create(
            [FlagAction(flag_id=pk, kind=ActionKind.AUTO_RESOLVE) for pk in to_resolve],
            batch_size=500,
        )
    return {"created": created, "resolved": to_resolve}


def _unhide_corrected(content_type, model, resolved_flag_ids) -> None:
    """A record the centre hid comes back once none of its flags is open any more."""
    if not resolved_flag_ids:
        return
    pks = set(Flag.objects.filter(id__in=resolved_flag_ids).values_list("object_id", flat=True))
    still_open = set(
        Flag.objects.filter(
            content_type=content_type, object_id__in=pks, status=FlagStatus.OPEN
        ).values_list("object_id", flat=True)
    )
    hidden = model.objects.filter(pk__in=pks - still_open, hidden_at__isnull=False)
    for instance in hidden:
        set_hidden(instance, False, "")


def check_listing(instance) -> dict:
    """All rules over one listing (on publish), with its duplicates against its siblings."""
    content_type = ContentType.objects.get_for_model(type(instance))
    findings = listing_findings(instance) + dup.same_project_posted_twice(instance)
    with transaction.atomic():
        result = sync_flags(
            content_type,
            {instance.pk: instance},
            {instance.pk: findings},
            PER_LISTING_RULES | {dup.DUPLICATE.code},
        )
        _unhide_corrected(content_type, type(instance), result["resolved"])
        notifications.new_flags(result["created"])
    return {"created": len(result["created"]), "resolved": len(result["resolved"])}


# Columns no rule reads: not loaded by the daily run (fewer conversions per row).
UNREAD = ("created_at", "updated_at", "last_published_at", "go_live_at", "expire_at")


def _listing_chunks(model, chunk_size, pks=None):
    """Published listings in primary-key chunks, each with its publisher attached.

    Publishers are fetched once per run for the ids a chunk needs (one query per
    chunk at most) instead of a join that builds a new publisher object per row.
    """
    related = "provider" if model is SupplyListing else "purchaser"
    publisher_model = model._meta.get_field(related).related_model
    publishers = {}
    queryset = model.objects.filter(live=True).defer(*UNREAD).order_by("pk")
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:chunk_size])
        if not chunk:
            return
        wanted = {getattr(i, f"{related}_id") for i in chunk} - publishers.keys()
        if wanted:
            publishers.update(publisher_model.objects.in_bulk(wanted))
        for instance in chunk:
            instance._state.fields_cache[related] = publishers[getattr(instance, f"{related}_id")]
        yield chunk
        last = chunk[-1].pk


def run_listing_rules(model, chunk_size=CHUNK, pks=None) -> dict:
    content_type = ContentType.objects.get_for_model(model)
    counts = {"listings": 0, "created": 0, "resolved": 0}
    for chunk in _listing_chunks(model, chunk_size, pks):
        records = {instance.pk: instance for instance in chunk}
        found = {instance.pk: listing_findings(instance) for instance in chunk}
        with transaction.atomic():
            result = sync_flags(content_type, records, found, PER_LISTING_RULES)
            _unhide_corrected(content_type, model, result["resolved"])
            notifications.new_flags(result["created"])
        counts["listings"] += len(chunk)
        counts["created"] += len(result["created"])
        counts["resolved"] += len(result["resolved"])
    return counts


def run_duplicates(model, chunk_size=CHUNK, publisher_ids=None) -> dict:
    """Near-duplicates per (publisher, year), streaming the rows ordered by publisher."""
    field = dup.publisher_field(model)
    content_type = ContentType.objects.get_for_model(model)
    rows = model.objects.filter(live=True)
    if publisher_ids is not None:
        rows = rows.filter(**{f"{field}__in": publisher_ids})
    if model is DemandListing:
        rows = rows.exclude(status="cancelled")
    rows = rows.order_by(field, "year", "pk").values_list(field, "year", "pk", "title", "summary")
    found: dict[int, list] = defaultdict(list)
    block_key, block = None, []

    def close_block():
        for original, later in dup.duplicate_pairs(block):
            found[later.pk].append(dup.duplicate_finding(original.pk, original.title))

    for publisher_id, year, pk, title, summary in rows.iterator(chunk_size=chunk_size):
        if (publisher_id, year) != block_key:
            close_block()
            block_key, block = (publisher_id, year), []
        block.append(dup.Doc.of(pk, title, summary))
    close_block()

    # Listings with a duplicate flag still open or now found: the only ones to sync.
    open_flags = Flag.objects.filter(
        content_type=content_type, rule=dup.DUPLICATE.code, status=FlagStatus.OPEN
    )
    if publisher_ids is not None:
        publisher = "provider_id" if model is SupplyListing else "purchaser_id"
        open_flags = open_flags.filter(**{f"{publisher}__in": publisher_ids})
    open_pks = set(open_flags.values_list("object_id", flat=True))
    pks = sorted(open_pks | set(found))
    counts = {"created": 0, "resolved": 0}
    related = "provider" if model is SupplyListing else "purchaser"
    for start in range(0, len(pks), chunk_size):
        records = model.objects.select_related(related).in_bulk(pks[start : start + chunk_size])
        with transaction.atomic():
            result = sync_flags(content_type, records, found, {dup.DUPLICATE.code})
            notifications.new_flags(result["created"])
        counts["created"] += len(result["created"])
        counts["resolved"] += len(result["resolved"])
    return counts


def run_yearly_plan(today: datetime.date | None = None) -> dict:
    """Purchasers on the platform (with an account or a listing) that published nothing of this year by 30 April."""
    today = today or timezone.localdate()
    year = today.year
    if today <= timeliness.plan_due(year):
        return {"created": 0, "resolved": 0}
    due = timezone.make_aware(
        datetime.datetime.combine(timeliness.plan_due(year), datetime.time.max)
    )
    first_published = dict(
        DemandListing.objects.filter(year=year, first_published_at__isnull=False)
        .values("purchaser_id")
        .annotate(first=Min("first_published_at"))
        .values_list("purchaser_id", "first")
    )
    active = Purchaser.objects.filter(accounts__isnull=False) | Purchaser.objects.filter(
        demand_listings__isnull=False
    )
    records = {p.pk: p for p in active.distinct()}
    found = {}
    for pk in records:
        first = first_published.get(pk)
        if first is None or first > due:
            later = timezone.localdate(first) if first else None
            found[pk] = [timeliness.yearly_plan_finding(records[pk], year, later)]
    content_type = ContentType.objects.get_for_model(Purchaser)
    with transaction.atomic():
        # Only this year's finding is evaluated: earlier years' flags stay as they are.
        result = sync_flags(
            content_type, records, found, {timeliness.YEARLY_PLAN.code}, key=str(year)
        )
        notifications.new_flags(result["created"])
    return {"created": len(result["created"]), "resolved": len(result["resolved"])}


def check_imported(model, pks, chunk_size=CHUNK) -> dict:
    """After a bulk import: the per-listing rules over the new records, duplicates among their publishers'."""
    field = dup.publisher_field(model)
    publisher_ids = set(model.objects.filter(pk__in=pks).values_list(field, flat=True).distinct())
    counts = run_listing_rules(model, chunk_size, pks=pks)
    counts["duplicates"] = run_duplicates(model, chunk_size, publisher_ids=publisher_ids)
    return counts


def run_all(chunk_size=CHUNK, today=None) -> dict:
    counts = {}
    for model in LISTING_MODELS:
        name = model.__name__
        counts[name] = run_listing_rules(model, chunk_size)
        counts[f"{name}.duplicates"] = run_duplicates(model, chunk_size)
    counts["yearly_plan"] = run_yearly_plan(today)
    logger.info("Monitoring run: %s", counts)
    return counts


__all__ = ["RULES", "check_listing", "run_all", "sync_flags"]
