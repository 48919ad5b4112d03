"""Alerts: new demand listings for the providers they fit, saved searches, deadline reminders.

Run by Celery beat (matching.tasks); each run writes in-app notifications with
`notifications.delivery.notify_each` (their e-mails go out through the outbox after
the commit, each with its one-click unsubscribe link; bounced addresses are skipped
by the sender). Every run is idempotent: what was sent is recorded in the same
transaction (`AlertedListing`, `SavedSearchHit`, `DeadlineReminder`), so a second run
sends nothing twice.

Open listings and the yearly plan's items (拟购买) alike: a plan is alerted when
published and again when it opens (catalog.planning); saved searches and deadline
reminders are about open listings, a plan counting from its opening.

The new-listing alert needs no set-up: a provider's domains are those of its
published supply listings, its districts its own and those it delivered in (a
city-registered provider: every district). One digest per user and run, however many
listings; the queries do not depend on the number of providers (bench/alerts.py).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from accounts.roles import Role
from catalog.models import Provider
from catalog.models.listings import DemandStatus
from catalog.models.organizations import RegistrationLevel
from notifications.delivery import Message, notify_each
from search import service as search_service
from search.backends.base import SearchQuery

from . import tokens
from .facts import matched_demands, open_demands, served_by_domain
from .models import (
    AlertedListing,
    AlertSettings,
    AlertStage,
    DeadlineReminder,
    Follow,
    SavedSearch,
    SavedSearchHit,
    Target,
)

LISTED = 10  # listings named in one digest; the rest are counted


def window_days() -> int:
    return getattr(settings, "MATCHING_ALERT_WINDOW_DAYS", 7)


def reminder_days() -> int:
    return getattr(settings, "MATCHING_DEADLINE_REMINDER_DAYS", 3)


def _published(queryset):
    """`published`: when the listing was published as it now is: opened (a yearly plan's
    item, catalog.planning), else first published."""
    return queryset.annotate(published=Coalesce("opened_at", "first_published_at", "created_at"))


def fitting_providers(listings) -> dict[int, set[int]]:
    """{listing id: provider ids} by the automatic rule (domain and district), for
    (id, domain id, district id) tuples; three queries whatever their number."""
    served = served_by_domain({domain for _pk, domain, _d in listings})
    providers = {
        pk: (district, level)
        for pk, district, level in Provider.objects.filter(
            is_seriously_dishonest=False
        ).values_list("pk", "district_id", "registration_level")
    }
    found: dict[int, set[int]] = {}
    for pk, domain_id, district_id in listings:
        fits = set()
        for provider_id, districts in served.get(domain_id, {}).items():
            if provider_id not in providers:
                continue
            home, level = providers[provider_id]
            if (
                district_id is None
                or level == RegistrationLevel.CITY
                or home == district_id
                or district_id in districts
            ):
                fits.add(provider_id)
        found[pk] = fits
    return found


def provider_users(setting: str) -> dict[int, list[tuple[int, str]]]:
    """{provider id: [(user id, e-mail)]} of active provider accounts that did not switch
    `setting` (an AlertSettings field) off."""
    users: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Account.objects.filter(role=Role.PROVIDER, provider_id__isnull=False, user__is_active=True)
        .exclude(**{f"user__alert_settings__{setting}": False})
        .values_list("provider_id", "user_id", "user__email")
    )
    for provider_id, user_id, email in rows:
        users[provider_id].append((user_id, email or ""))
    return users


def _lines(listings) -> str:
    named = [f"· {title}（{purchaser}）" for _pk, title, purchaser in listings[:LISTED]]
    if len(listings) > LISTED:
        named.append(f"……另有{len(listings) - LISTED}个")
    return "\n".join(named)


STAGE_NOTE = {
    AlertStage.PLANNED: "【拟购买：年度计划项目，预算批复后开放对接】",
    "opened": "【拟购买项目预算已批复，现已开放对接】",
    AlertStage.OPEN: "",
}


def send_new_listing_alerts(now=None) -> int:
    """Tell providers of the newly published demand listings that fit them; how many users.

    A yearly plan's item (拟购买) is told as a plan when published and once more when it
    opens (its AlertedListing row moves from stage planned to open); nothing twice."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=window_days())
    with transaction.atomic():
        alerted = AlertedListing.objects.values("listing_id")
        new = list(
            _published(matched_demands())
            .filter(published__gte=cutoff)
            .exclude(pk__in=alerted.filter(stage=AlertStage.OPEN))
            .exclude(status=DemandStatus.PLANNED, pk__in=alerted)
            .order_by("-published", "-pk")
            .values_list(
                "pk", "title", "domain_id", "district_id", "purchaser__name", "status", "opened_at"
            )
        )
        if not new:
            return 0
        fits = fitting_providers([(pk, domain, district) for pk, _t, domain, district, *_r in new])
        users = provider_users("new_listings")
        per_user: dict[int, list] = defaultdict(list)
        emails: dict[int, str] = {}
        recipients, stages = {}, {}
        for pk, title, _domain, _district, purchaser, status, opened_at in new:
            stage = AlertStage.PLANNED if status == DemandStatus.PLANNED else AlertStage.OPEN
            stages[pk] = stage
            note = STAGE_NOTE["opened" if opened_at and stage == AlertStage.OPEN else stage]
            told = 0
            for provider_id in fits[pk]:
                for user_id, email in users.get(provider_id, ()):
                    per_user[user_id].append((pk, title + note, purchaser))
                    emails[user_id] = email
                    told += 1
            recipients[pk] = told
        # A plan's row (stage planned) becomes the opening's: one row per listing.
        AlertedListing.objects.filter(pk__in=list(stages)).delete()
        AlertedListing.objects.bulk_create(
            [
                AlertedListing(listing_id=pk, stage=stages[pk], recipients=recipients[pk])
                for pk in stages
            ]
        )
        url = reverse("matching:index")
        notify_each(
            Message(
                recipient_id=user_id,
                email=emails[user_id],
                title=f"{len(listings)}个新发布的需求项目与本机构相符",
                body="以下需求项目与本机构已发布服务项目的业务领域和服务区域相符，"
                "可在「匹配推荐」中查看匹配理由：\n" + _lines(listings),
                url=url,
                unsubscribe_url=tokens.url("new_listings", user_id),
            )
            for user_id, listings in per_user.items()
        )
    return len(per_user)


def _search_hits(search: SavedSearch) -> list[int]:
    outcome = search_service.search(
        SearchQuery(q=search.query, filters=search.search_filters(), sort="date", per_page=50)
    )
    if outcome.results is None:
        return []
    return [int(h.key.split(":")[1]) for h in outcome.results.hits if h.key.startswith("demand:")]


def run_saved_searches(frequency: str, now=None) -> int:
    """Send each active saved search of `frequency` its new results; how many were sent."""
    sent = 0
    searches = SavedSearch.objects.filter(active=True, frequency=frequency, user__is_active=True)
    for search_id in searches.values_list("pk", flat=True):
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(of=("self",))
                .select_related("user", "domain", "district")
                .filter(pk=search_id, active=True)
                .first()
            )
            if search is None:
                continue
            ids = _search_hits(search)
            if not ids:
                continue
            fresh = list(
                _published(open_demands())
                .filter(pk__in=ids, published__gte=search.created_at)
                .exclude(pk__in=search.hits.values("listing_id"))
                .order_by("-published", "-pk")
                .values_list("pk", "title", "purchaser__name")
            )
            if not fresh:
                continue
            SavedSearchHit.objects.bulk_create(
                [SavedSearchHit(search=search, listing_id=pk) for pk, _t, _p in fresh]
            )
            search.last_sent_at = now or timezone.now()
            search.save(update_fields=["last_sent_at"])
            notify_each(
                [
                    Message(
                        recipient_id=search.user_id,
                        email=search.user.email or "",
                        title=f"订阅「{search.name}」有{len(fresh)}个新项目",
                        body=_lines(fresh),
                        url=reverse("matching_saved_searches:index"),
                        unsubscribe_url=tokens.url("search", search.pk),
                    )
                ]
            )
            sent += 1
    return sent


def send_deadline_reminders(today=None) -> int:
    """Remind followers and fitting providers of open listings whose deadline is near."""
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=reminder_days())
    with transaction.atomic():
        due = list(
            open_demands()
            .filter(response_deadline__gte=today, response_deadline__lte=last_day)
            .exclude(pk__in=DeadlineReminder.objects.values("listing_id"))
            .values_list("pk", "title", "domain_id", "district_id", "response_deadline")
        )
        if not due:
            return 0
        fits = fitting_providers([(pk, domain, district) for pk, _t, domain, district, _d in due])
        users = provider_users("deadline_reminders")
        followers = defaultdict(set)
        for object_id, user_id in Follow.objects.filter(
            target=Target.DEMAND, object_id__in=[row[0] for row in due]
        ).values_list("object_id", "user_id"):
            followers[object_id].add(user_id)
        switched_off = set(
            AlertSettings.objects.filter(deadline_reminders=False).values_list("user_id", flat=True)
        )
        per_user: dict[int, list] = defaultdict(list)
        for pk, title, _domain, _district, deadline in due:
            told = {u for provider in fits[pk] for u, _e in users.get(provider, ())}
            told |= followers[pk] - switched_off
            for user_id in told:
                per_user[user_id].append((pk, title, deadline))
        DeadlineReminder.objects.bulk_create(
            [
                DeadlineReminder(listing_id=pk, deadline=deadline)
                for pk, _t, _d, _di, deadline in due
            ]
        )
        emails = dict(
            get_user_model().objects.filter(pk__in=list(per_user)).values_list("pk", "email")
        )
        notify_each(
            Message(
                recipient_id=user_id,
                email=emails.get(user_id) or "",
                title=f"{len(rows)}个需求项目即将截止对接",
                body="\n".join(
                    f"· {title}（{deadline:%Y-%m-%d}截止）" for _pk, title, deadline in rows
                ),
                url=reverse("matching:index"),
                unsubscribe_url=tokens.url("deadlines", user_id),
            )
            for user_id, rows in per_user.items()
        )
    return len(per_user)
