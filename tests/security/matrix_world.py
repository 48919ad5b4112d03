"""The world of the permission matrix: one user per role and two of every scoped record.

Side "a" belongs to 黄浦区 (its provider, purchaser, district admin, expert); side "b" to
闵行区 and to other organizations. For every role but the city-wide ones, side "a" is its
own scope and side "b" another scope; city-wide roles see both.

`build_api_world` adds what the public API serves and what it must not: for each record
type of /api/schema/, a public one and non-public ones (a draft of the provider and
purchaser who sign in, a listing the monitoring centre hid, a draft page, a document
attached only to a draft). The world is built once per module (see the matrix's fixture).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    PurchaserFactory,
    SupplyListingFactory,
    district,
    make_user,
)
from catalog.models import AnnualInspection, ServiceDomain
from catalog.models.imports import ImportJob
from matching.models import Follow, SavedSearch
from moderation.models import Flag, Message, ObjectionEvidence
from moderation.models import Objection as FlagObjection
from nominations.factories import ApplicationFactory, open_round_dates, scan_file
from nominations.models import DistrictSummary, ExpertReview, Objection, Round, Status
from notifications.models import Notification
from search.models import ClickStat, SearchStat, Synonym

ROLES = ("anonymous", "superuser", "city", "monitor", "district", "provider", "purchaser", "expert")
CITY_WIDE = {"superuser", "city", "monitor"}


def admin_patterns():
    """(route, name) of every URL pattern under /admin/, from the resolver."""

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield prefix + str(pattern.pattern), name or ""

    return [
        (route, name)
        for route, name in walk(get_resolver(), "", None)
        if route.startswith("admin/")
    ]


def build_world():
    huangpu, minhang = district("黄浦区"), district("闵行区")
    provider_a, provider_b = ProviderFactory(district=huangpu), ProviderFactory(district=minhang)
    purchaser_a, purchaser_b = (
        PurchaserFactory(district=huangpu),
        PurchaserFactory(district=minhang),
    )
    users = {
        "superuser": make_user(None),
        "city": make_user(Role.CITY_ADMIN),
        "monitor": make_user(Role.MONITOR),
        "district": make_user(Role.DISTRICT_ADMIN, district=huangpu),
        "provider": make_user(Role.PROVIDER, provider=provider_a),
        "purchaser": make_user(Role.PURCHASER, purchaser=purchaser_a),
        "expert": make_user(Role.EXPERT),
    }
    other_expert = make_user(Role.EXPERT)
    # Not RoundFactory: its year sequence counts every round a test run builds.
    round_, _ = Round.objects.get_or_create(year=2031, defaults=open_round_dates())
    supply_a = SupplyListingFactory(provider=provider_a, live=False)
    supply_b = SupplyListingFactory(provider=provider_b, live=False)
    demand_a = DemandListingFactory(purchaser=purchaser_a, live=False)
    demand_b = DemandListingFactory(purchaser=purchaser_b, live=False)
    application_a = ApplicationFactory(
        round=round_, provider=provider_a, listing=supply_a, status=Status.SUBMITTED
    )
    application_b = ApplicationFactory(
        round=round_, provider=provider_b, listing=supply_b, status=Status.SUBMITTED
    )
    review_a = ExpertReview.objects.create(application=application_a, expert=users["expert"])
    review_b = ExpertReview.objects.create(application=application_b, expert=other_expert)

    def summary(of):
        return DistrictSummary.objects.create(
            round=round_, district=of, stamped_scan=scan_file(), uploaded_by=users["superuser"]
        )

    def flag(listing, owner):
        return Flag.objects.create(
            content_type=ContentType.objects.get_for_model(listing),
            object_id=listing.pk,
            target_label=listing.title,
            rule="matrix",
            severity="warning",
            message="检查",
            provider=owner,
            district=owner.district,
        )

    # --- branch objection: an objection (with an evidence file) on each side's flag ---
    def objection(on):
        row = FlagObjection.objects.create(
            flag=on,
            target_label=on.target_label,
            provider=on.provider,
            district=on.district,
            reasons="矩阵异议",
            deadline=datetime.date.today(),
        )
        ObjectionEvidence.objects.create(objection=row, file=scan_file())
        return row

    flags = (flag(supply_a, provider_a), flag(supply_b, provider_b))
    objections = (objection(flags[0]), objection(flags[1]))
    # --- end branch objection ---

    objects = {
        # --- branch objection ---
        "moderation_objection": objections,
        # --- end branch objection ---
        # --- branch matching: a demand's ranking, saved searches and follows (own rows) ---
        "matching_demand": (demand_a, demand_b),
        "saved_search": (
            SavedSearch.objects.create(user=users["provider"], name="订阅", query="养老"),
            SavedSearch.objects.create(user=users["purchaser"], name="订阅", query="养老"),
        ),
        "follow": (
            Follow.objects.create(
                user=users["provider"], target="provider", object_id=provider_b.pk, label="乙"
            ),
            Follow.objects.create(
                user=users["purchaser"], target="provider", object_id=provider_a.pk, label="甲"
            ),
        ),
        # --- end branch matching ---
        "supply": (supply_a, supply_b),
        "demand": (demand_a, demand_b),
        "provider": (provider_a, provider_b),
        "purchaser": (purchaser_a, purchaser_b),
        "inspection": (
            AnnualInspection.objects.create(provider=provider_a, year=2025, result="passed"),
            AnnualInspection.objects.create(provider=provider_b, year=2025, result="passed"),
        ),
        "application": (application_a, application_b),
        "review": (review_a, review_b),
        "summary": (summary(huangpu), summary(minhang)),
        "flag": flags,
        "user": (
            make_user(Role.PURCHASER, purchaser=purchaser_a),
            make_user(Role.PURCHASER, purchaser=purchaser_b),
        ),
        # City-level records: one side, the same for everyone who may see them.
        "round": (round_, None),
        "objection": (
            Objection.objects.create(
                round=round_, application=application_a, name="居民", contact="-", content="异议"
            ),
            None,
        ),
        "message": (Message.objects.create(name="访客", subject="咨询", text="你好"), None),
        "domain": (ServiceDomain.objects.get(code="2.1"), None),
        "district_ref": (huangpu, None),
        "group": (users["city"].groups.first(), None),
        "notification": (
            Notification.objects.create(recipient=users["provider"], title="通知"),
            Notification.objects.create(recipient=users["purchaser"], title="通知"),
        ),
        "import_job": (
            ImportJob.objects.create(
                user=users["district"],
                kind="supply",
                filename="a.xlsx",
                file_format="xlsx",
                content=b"",
            ),
            ImportJob.objects.create(
                user=users["city"],
                kind="supply",
                filename="b.xlsx",
                file_format="xlsx",
                content=b"",
            ),
        ),
        "synonym": (Synonym.objects.create(term="矩阵测试", variants="矩阵"), None),
        "search_stat": (
            SearchStat.objects.create(query="养老", month=datetime.date(2026, 1, 1)),
            None,
        ),
        "click_stat": (
            ClickStat.objects.create(query="养老", month=datetime.date(2026, 1, 1), key="k"),
            None,
        ),
    }
    objects.update(build_api_world(provider_a, purchaser_a, provider_b, purchaser_b))
    return users, objects, datetime.date.today()


def build_api_world(provider_a, purchaser_a, provider_b, purchaser_b):
    """(public, [not public, ...]) of every record type the public API serves."""
    # Imported here: the notice helpers are test fixtures' module, which imports notices.
    from django.utils import timezone
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from notices.models import PolicyAttachment, PolicyIndexPage
    from tests.notices.conftest import make_document, make_notice

    def hidden(listing):
        type(listing).objects.filter(pk=listing.pk).update(
            hidden_at=timezone.now(), hidden_reason="矩阵"
        )
        return listing

    policies = PolicyIndexPage.objects.get()
    live_notice = make_notice(policies, title="矩阵公开通知")
    draft_notice = make_notice(policies, title="矩阵草稿通知", publish=False)
    public_document, draft_document = make_document("矩阵公开附件"), make_document("矩阵草稿附件")
    PolicyAttachment.objects.create(page=live_notice, document=public_document, title="附件")
    PolicyAttachment.objects.create(page=draft_notice, document=draft_document, title="附件")
    image = get_image_model().objects.create(title="矩阵图片", file=get_test_image_file())
    return {
        "api_supply": (
            SupplyListingFactory(provider=provider_b, title="矩阵公开服务"),
            [
                SupplyListingFactory(provider=provider_a, live=False, title="矩阵草稿服务"),
                hidden(SupplyListingFactory(provider=provider_a, title="矩阵屏蔽服务")),
            ],
        ),
        "api_demand": (
            DemandListingFactory(purchaser=purchaser_b, title="矩阵公开需求"),
            [
                DemandListingFactory(purchaser=purchaser_a, live=False, title="矩阵草稿需求"),
                hidden(DemandListingFactory(purchaser=purchaser_a, title="矩阵屏蔽需求")),
            ],
        ),
        "api_page": (live_notice, [draft_notice]),
        "api_document": (public_document, [draft_document]),
        "api_image": (image, []),
        # The matrix's round is not published: its directory year is refused to everyone.
        "api_directory": (None, [Round.objects.get(year=2031)]),
    }


User = get_user_model()
