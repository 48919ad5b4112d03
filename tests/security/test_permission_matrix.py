"""The permission matrix: every admin URL pattern and every endpoint of the API schema ×
every role and the anonymous visitor.

The patterns come from the URL resolver, so a new admin view that nobody classified
here fails `test_every_admin_url_is_classified`. A view of one record is requested
with a record of the user's own scope (side "a") and of another scope (side "b",
another district's or organization's; city-wide roles see both): allowed means 200,
refused anything else below 500 (404 out of scope, 403, or Wagtail's redirect with a
message); an anonymous visitor is sent to the login page from every admin URL.

The tables say who may open what, from DOMAIN.md's roles: S superuser, C city admin,
M monitoring centre, D district admin (黄浦), P provider (黄浦), U purchaser (黄浦),
E expert. Views that need more than a record's id (revision ids, page trees, POST-only
actions) are listed with the reason they are not requested here and where they are
tested. The API's table (API, at the end) says what the public API serves to whom.

One world for the module, each role's test in a savepoint of it; one client per role.
Long (the tables of every view and endpoint), hence over 400 lines.
"""

import fnmatch
import functools
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

from nominations.models import Round
from security.twofactor import required_for
from tests.conftest import verify_second_factor

from .matrix_world import CITY_WIDE, ROLES, admin_patterns, build_world

pytestmark = pytest.mark.django_db

S, C, M, D, P, U, E = "superuser", "city", "monitor", "district", "provider", "purchaser", "expert"
SIGNED = frozenset({S, C, M, D, P, U, E})
NOBODY = frozenset()


def roles(*names):
    return frozenset(names)


@dataclass(frozen=True)
class Public:
    """Open to the anonymous visitor too (sign-in, password reset)."""


@dataclass(frozen=True)
class Open:
    """A view without a record: these roles get it (or, with `redirects`, are sent on to
    their own part of it), the others are refused."""

    allowed: frozenset
    redirects: bool = False


@dataclass(frozen=True)
class NotRequested:
    """Classified, but not requested here: why, and where it is tested."""

    reason: str


# Which roles have side a / side b of each record in their scope.
SCOPE = {
    "supply": (roles(S, C, M, D, P), roles(S, C, M)),
    "demand": (roles(S, C, M, D, U), roles(S, C, M)),
    "provider": (roles(S, C, M, D, P), roles(S, C, M)),
    "purchaser": (roles(S, C, M, D, U), roles(S, C, M)),
    "inspection": (roles(S, C, M, D), roles(S, C, M)),
    "application": (roles(S, C, M, D, P, E), roles(S, C, M)),
    "review": (roles(S, C, M, E), roles(S, C, M)),
    "summary": (roles(S, C, M, D), roles(S, C, M)),
    "flag": (roles(S, C, M, D, P), roles(S, C, M)),
    # Users: the ones the issuer manages (accounts.issuing).
    "user": (roles(S, C, D), roles(S, C)),
    "notification": (roles(P), roles(U)),
    "import_job": (roles(S, D), roles(S, C)),
    # --- branch matching ---
    "matching_demand": (roles(S, C, M, D, U), roles(S, C, M)),  # as "demand"
    "saved_search": (roles(P), roles(U)),  # everyone's own only, like the inbox
    "follow": (roles(P), roles(U)),
    # --- end branch matching ---
    # --- branch objection ---
    # A publisher's objections: its own; its district's admins; the city-wide roles all.
    "moderation_objection": (roles(S, C, M, D, P), roles(S, C, M)),
    # --- end branch objection ---
    # City-level records and reference data: one record, in everybody's scope.
    **{
        name: (SIGNED, NOBODY)
        for name in (
            "round",
            "objection",
            "message",
            "domain",
            "district_ref",
            "group",
            "synonym",
            "search_stat",
            "click_stat",
        )
    },
}

REVISIONS = NotRequested("needs a revision id; same pk wrapper as edit (test_generated_views)")
CHOOSER_CREATE = NotRequested("the chooser's creation form is not configured for these models")


def listing_views(owner):
    """A catalog listing: its publisher and district admin edit, the city deletes, M reads."""
    editors = roles(S, C, D, owner)
    readers = editors | {M}
    return {
        "list": readers,
        "add": editors,
        "edit": editors,
        "delete": roles(S, C),
        "usage": editors,
        "history": editors,
        "copy": editors,
        "inspect": readers,
        "unpublish": editors,
        "revisions_revert": REVISIONS,
        "revisions_compare": REVISIONS,
        "revisions_unschedule": REVISIONS,
        "choose": SIGNED,
        "chosen": readers,
        "chosen_multiple": SIGNED,
        "create": CHOOSER_CREATE,
    }


def organization_views(member, *, inspect):
    editors = roles(S, C, D, member)
    views = {
        "list": editors | {M},
        "add": roles(S, C, D),
        "edit": editors,
        "delete": roles(S, C),
        "usage": editors,
        "history": editors,
        "copy": roles(S, C, D),
        # Anyone may reference an organization (a purchaser records the provider it chose).
        "choose": SIGNED,
        "chosen": ("public", SIGNED),
        "chosen_multiple": SIGNED,
        "create": CHOOSER_CREATE,
    }
    if inspect:
        views["inspect"] = editors | {M}
    return views


def reference_views(*, add):
    return {
        "list": roles(S, C),
        "add": add,
        "edit": roles(S, C),
        "delete": add,
        "usage": roles(S, C),
        "history": roles(S, C),
        "copy": add,
        "choose": SIGNED,
        "chosen": SIGNED,
        "chosen_multiple": SIGNED,
        "create": CHOOSER_CREATE,
    }


def model_views(*, index, add, edit, delete, history, usage, **extra):
    return {
        "list": index,
        "add": add,
        "edit": edit,
        "delete": delete,
        "history": history,
        "usage": usage,
        **extra,
    }


VIEWS = {
    "supply": listing_views(P),
    "demand": listing_views(U),
    "provider": organization_views(P, inspect=True),
    "purchaser": organization_views(U, inspect=False),
    "inspection": {
        **reference_views(add=roles(S, C, D)),
        "list": roles(S, C, M, D),
        "edit": roles(S, C, D),
        "usage": roles(S, C, D),
        "history": roles(S, C, D),
        "chosen": roles(S, C, M, D),
    },
    "domain": reference_views(add=roles(S, C)),
    "district_ref": reference_views(add=roles(S)),
    # Applications: the provider applies; a submitted one is locked (its edit and delete
    # go back to the review page); reviewers open it by its review page.
    "application": model_views(
        index=roles(S, C, M, D, P),
        add=roles(P),
        edit=NOBODY,
        delete=NOBODY,
        # History for whoever reads the review page with the view permission (M too);
        # experts read the history on the review page itself.
        history=roles(S, C, M, D, P),
        usage=roles(S, C, D, P),
        review=roles(S, C, M, D, P, E),
        form=roles(S, C, M, D, P, E),
    ),
    "round": model_views(
        index=roles(S, C),
        add=roles(S, C),
        edit=roles(S, C),
        delete=roles(S),
        history=roles(S, C),
        usage=roles(S, C),
        manage=roles(S, C),
    ),
    # A district uploads its own table; the city reads; nobody deletes one.
    "summary": model_views(
        index=roles(S, C, D),
        add=roles(D),
        edit=roles(D),
        delete=roles(S),
        history=roles(S, D),
        usage=roles(D),
        export=roles(D),
        scan=roles(S, C, M, D),
    ),
    # The centre assigns experts; an expert scores only its own assignments.
    "review": model_views(
        index=roles(S, C, M, E),
        add=roles(S, M),
        edit=roles(E),
        delete=roles(S),
        history=roles(S, M, E),
        usage=roles(S, E),
    ),
    "objection": model_views(
        index=roles(S, C),
        add=roles(S),
        edit=roles(S, C),
        delete=roles(S),
        history=roles(S, C),
        usage=roles(S, C),
    ),
    # Flags are written by the rules and the actions only.
    "flag": model_views(
        index=roles(S, C, M, D, P, U),
        add=NOBODY,
        edit=NOBODY,
        delete=NOBODY,
        history=NOBODY,
        usage=NOBODY,
        copy=NOBODY,
        inspect=roles(S, C, M, D, P, U),
    ),
    # Messages come from the public form; the city and the centre answer them.
    "message": model_views(
        index=roles(S, C, M),
        add=NOBODY,
        edit=roles(S, C, M),
        delete=roles(S),
        history=roles(S, C, M),
        usage=roles(S, C, M),
        copy=NOBODY,
    ),
    "user": model_views(
        index=roles(S, C, D),
        add=roles(S, C, D),
        edit=roles(S, C, D),
        delete=roles(S),
        history=roles(S, C, D),
        usage=roles(S, C, D),
    ),
    "group": model_views(
        index=roles(S),
        add=roles(S),
        edit=roles(S),
        delete=roles(S),
        history=roles(S),
        usage=roles(S),
    ),
    "synonym": model_views(
        index=roles(S, C),
        add=roles(S, C),
        edit=roles(S, C),
        delete=roles(S, C),
        history=roles(S, C),
        usage=roles(S, C),
        copy=roles(S, C),
    ),
    **{
        name: model_views(
            index=roles(S, C, M),
            add=NOBODY,
            edit=NOBODY,
            delete=NOBODY,
            history=NOBODY,
            usage=NOBODY,
            copy=NOBODY,
        )
        for name in ("search_stat", "click_stat")
    },
    "notification": {
        "list": SIGNED,
        "inspect": SIGNED,
        "open": ("redirects", SIGNED),  # marks it read and follows its link
        "mark_read": NotRequested("POST only (tests/notifications)"),
    },
}

# --- branch matching ---
# A demand listing's ranking: its purchaser and the admins who see the listing, never a
# provider (tests/matching/test_views). Saved searches and follows: every role, own rows.
VIEWS["matching_demand"] = {"open": roles(S, C, M, D, U)}
VIEWS["saved_search"] = model_views(
    index=SIGNED, add=SIGNED, edit=SIGNED, delete=SIGNED, history=SIGNED, usage=SIGNED
)
VIEWS["follow"] = {
    "list": SIGNED,
    "delete": SIGNED,
    "toggle": NotRequested("needs a target kind and an id (tests/matching/test_follows)"),
}
# --- end branch matching ---

# --- branch objection ---
# Objections and credit repair: lodged and answered on their own screens only (never a
# generic add/edit/delete form; the history is on the inspect page, like a flag's); the
# evidence files to whoever may open the objection.
VIEWS["moderation_objection"] = model_views(
    index=roles(S, C, M, D, P, U),
    add=NOBODY,
    edit=NOBODY,
    delete=NOBODY,
    history=NOBODY,
    usage=NOBODY,
    copy=NOBODY,
    inspect=roles(S, C, M, D, P, U),
    evidence=roles(S, C, M, D, P, U),
    lodge_flag=NotRequested("the id is a flag's (tests/moderation/test_objections)"),
    lodge_credit=NotRequested("the id is a credit event's (tests/moderation/test_objections)"),
)
# --- end branch objection ---

# --- branch planned ---
# Opening a planned item (拟购买) after its budget approval: whoever may edit the demand
# listing, never a provider or the monitoring centre (tests/catalog/test_plans). The
# matrix's record is an open listing: the allowed get the page saying it is no plan.
VIEWS["demand"]["open_plan"] = roles(S, C, D, U)
# --- end branch planned ---

NAMESPACES = {
    # --- branch objection ---
    "objections": "moderation_objection",
    # --- end branch objection ---
    # --- branch matching ---
    "matching_saved_searches": "saved_search",
    "matching_follows": "follow",
    # --- end branch matching ---
    "wagtailsnippets_catalog_supplylisting": "supply",
    "wagtailsnippetchoosers_catalog_supplylisting": "supply",
    "wagtailsnippets_catalog_demandlisting": "demand",
    "wagtailsnippetchoosers_catalog_demandlisting": "demand",
    "wagtailsnippets_catalog_provider": "provider",
    "wagtailsnippetchoosers_catalog_provider": "provider",
    "wagtailsnippets_catalog_purchaser": "purchaser",
    "wagtailsnippetchoosers_catalog_purchaser": "purchaser",
    "wagtailsnippets_catalog_annualinspection": "inspection",
    "wagtailsnippetchoosers_catalog_annualinspection": "inspection",
    "wagtailsnippets_catalog_servicedomain": "domain",
    "wagtailsnippetchoosers_catalog_servicedomain": "domain",
    "wagtailsnippets_catalog_district": "district_ref",
    "wagtailsnippetchoosers_catalog_district": "district_ref",
    "nomination_applications": "application",
    "nomination_rounds": "round",
    "nomination_summaries": "summary",
    "nomination_expert_reviews": "review",
    "nomination_objections": "objection",
    "flags": "flag",
    "messages": "message",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "synonyms": "synonym",
    "search_stats": "search_stat",
    "search_clicks": "click_stat",
    "inbox": "notification",
}
# Index and results, history and its results, chooser and its results: one entry each.
KIND_ALIASES = {
    "list_results": "list",
    "index": "list",
    "index_results": "list",
    "history_results": "history",
    "choose_results": "choose",
}

ADMIN_ROLES = roles(S, C, D)  # hold page and document permissions (notices.permissions)
WAGTAIL_OWN = NotRequested("Wagtail's own screens of a page, image, document or task by id")

# Every other admin URL, by its name (or route for unnamed ones), first match wins.
OTHER = [
    ("wagtailadmin_login", Public()),
    ("wagtailadmin_password_reset*", Public()),
    ("wagtailadmin_javascript_catalog", Public()),
    ("wagtailadmin_sprite", Public()),
    ("wagtailadmin_home", Open(SIGNED)),
    ("wagtailadmin_account", Open(SIGNED)),
    ("wagtailadmin_logout", NotRequested("signs the user out (tests/security/test_sessions)")),
    ("wagtailadmin_dismissibles", Open(SIGNED)),
    ("gxpt_manual", Open(SIGNED)),
    ("security_2fa_*", NotRequested("the 2FA screens (tests/security/test_twofactor)")),
    ("security_end_sessions", NotRequested("POST only (tests/security/test_user_management)")),
    # --- security: the audit screen (city admins everything, district admins their scope)
    ("security_audit*", Open(roles(S, C, D))),
    # --- end security
    ("wagtail_bulk_action", NotRequested("bulk actions (tests/security/test_user_management)")),
    ("catalog_import", Open(roles(S, C, D, P, U))),
    ("catalog_import_template", NotRequested("a template file by kind (tests/catalog)")),
    ("catalog_export", NotRequested("an export by kind (tests/catalog)")),
    ("catalog_import_job", "import_job"),
    ("statistics:index", Open(roles(S, C, M, D))),
    # --- branch matching: each role's own list (a provider: the listings that fit it) ---
    ("matching:index", Open(roles(S, C, M, D, P, U))),  # experts have no part in matching
    ("matching:demand", "matching_demand"),
    # --- end branch matching ---
    ("wagtailadmin_choose_page*", Open(SIGNED)),
    ("wagtailadmin_tag_autocomplete", Open(SIGNED)),
    ("wagtailadmin_tag_model_autocomplete", NotRequested("tags of a model given in the URL")),
    # Every snippet model has its own menu: the all-snippets index is empty, so refused.
    ("wagtailsnippets:index", Open(NOBODY)),
    ("wagtailadmin_block_preview", NotRequested("renders a block given by query parameters")),
    ("wagtailadmin_explore_root", Open(ADMIN_ROLES, redirects=True)),  # to their own root
    ("wagtailadmin_pages:search*", Open(ADMIN_ROLES)),
    ("wagtailadmin_pages:*", WAGTAIL_OWN),
    ("wagtailadmin_explore*", WAGTAIL_OWN),
    # Site history: every role, listing only the records it may open (accounts.scoped_views).
    ("scoped_site_history*", Open(SIGNED)),
    ("wagtailadmin_reports:site_history*", Open(SIGNED)),
    ("wagtailadmin_reports:*", Open(ADMIN_ROLES)),
    ("wagtailadmin_collections:index", Open(roles(S))),
    ("wagtailadmin_collections:add", Open(roles(S))),
    ("wagtailadmin_collections:*", WAGTAIL_OWN),
    ("wagtailadmin_workflows:*", NotRequested("superusers' workflow screens (Wagtail's tests)")),
    ("wagtailsites:*", NotRequested("superusers' site screens (Wagtail's tests)")),
    ("wagtailredirects:*", NotRequested("superusers' redirect screens (Wagtail's tests)")),
    ("wagtaildocs:index*", Open(ADMIN_ROLES)),
    ("wagtaildocs:add*", Open(ADMIN_ROLES)),
    # Lists the documents the user may choose (none for most roles).
    ("wagtaildocs_chooser:choose*", Open(SIGNED)),
    ("wagtaildocs*", WAGTAIL_OWN),
    (
        "wagtailimages*",
        NotRequested("images: superusers only, nobody else holds image permissions"),
    ),
    (
        "wagtailadmin_api:documents:*",
        NotRequested("scoped by notices.document_access (tests/security/test_documents)"),
    ),
    ("wagtailadmin_api:*", NotRequested("the admin API of pages and images (Wagtail's tests)")),
    ("wagtailadmin_editing_sessions:*", NotRequested("POST only: editing-session pings")),
    ("wagtailadmin_error_test", NotRequested("a deliberate 500 for error-page tests")),
    ("route:admin/test404/", NotRequested("a deliberate 404 for error-page tests")),
    ("route:admin/^.*/$", NotRequested("the admin's catch-all 404")),
]


def classify(route, name):
    """(kind of rule, rule or model key, view kind) for one URL pattern, or None."""
    namespace, _, kind = name.rpartition(":")
    if namespace in NAMESPACES:
        model = NAMESPACES[namespace]
        kind = KIND_ALIASES.get(kind, kind)
        if kind in VIEWS[model]:
            return ("model", model, kind)
        return None
    for pattern, rule in OTHER:
        target = f"route:{route}" if pattern.startswith("route:") else name
        if fnmatch.fnmatchcase(target, pattern):
            if isinstance(rule, str):
                return ("model", rule, "open")
            return ("other", rule, None)
    return None


VIEWS["import_job"] = {"open": roles(S, C, D)}

PK = re.compile(r"<(?:int|str):pk>|\(\?P<pk>[^)]*\)")


def path_of(route, pk=None):
    path = route.replace("^", "").replace("$", "")
    if pk is not None:
        path = PK.sub(str(pk), path)
    return None if "<" in path or "(?P" in path else "/" + path


def test_every_admin_url_is_classified():
    unclassified = [
        f"{name or '-'}  ({route})"
        for route, name in admin_patterns()
        if classify(route, name) is None
    ]
    assert not unclassified, "classify these admin URLs in the matrix:\n" + "\n".join(unclassified)


def sign_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if required_for(user):
            verify_second_factor(client, user)


@dataclass(frozen=True)
class Answer:
    status_code: int
    location: str

    def __getitem__(self, header):
        assert header == "Location"
        return self.location


def outcome(response, redirects=False):
    if response.status_code == 200:
        return "allowed"
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "login"
        if redirects and location != "/admin/":
            return "allowed"  # sent on, not refused (Wagtail refuses with a redirect to /admin/)
    return "refused"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module's tests (about two seconds a build): each test
    runs in a savepoint inside this transaction, which is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, world):
    users, objects, _today = world
    sign_in(client, users.get(role))
    wrong = []
    answers = {}

    def get(path):
        # Two patterns of one path (Wagtail's site history and ours in its place) are one
        # request: the same answer, judged against each pattern's expectation.
        if path not in answers:
            response = client.get(path)
            answers[path] = Answer(response.status_code, response.get("Location", ""))
        return answers[path]

    for route, name in admin_patterns():
        found = classify(route, name)
        if found is None:
            continue  # reported by test_every_admin_url_is_classified
        kind, what, view = found
        if kind == "other":
            if isinstance(what, NotRequested):
                continue
            path = path_of(route)
            if path is None:
                continue
            if isinstance(what, Public):
                if role != "anonymous":
                    continue  # signed-in users are sent on from the sign-in pages
                expected = "allowed"
            elif role == "anonymous":
                expected = "login"
            else:
                expected = "allowed" if role in what.allowed else "refused"
            got = outcome(get(path), redirects=getattr(what, "redirects", False))
            if got != expected:
                wrong.append(f"{path} ({name}): {got}, expected {expected}")
            continue
        rule = VIEWS[what][view]
        if isinstance(rule, NotRequested) or name.rpartition(":")[2] in KIND_ALIASES:
            continue  # a results view is its index's (or history's) view with the page chrome off
        flag, allowed = rule if isinstance(rule, tuple) else (None, rule)
        public = flag == "public"
        # City-wide roles see both sides alike: one record is enough for them.
        sides = [None] if not PK.search(route) else [0] if role in CITY_WIDE else [0, 1]
        for side in sides:
            record = None
            if side is not None:
                record = objects[what][side]
                if record is None:
                    continue
            path = path_of(route, record.pk if record is not None else None)
            if path is None:
                continue
            if role == "anonymous":
                expected = "login"
            else:
                in_scope = side is None or public or role in SCOPE[what][side]
                expected = "allowed" if role in allowed and in_scope else "refused"
            got = outcome(get(path), redirects=flag == "redirects")
            if got != expected:
                where = "" if side is None else f" [side {'ab'[side]}]"
                wrong.append(f"{path} ({name}){where}: {got}, expected {expected}")
    wrong += api_cells(client, role, objects)
    assert not wrong, f"{role}: {len(wrong)} cells differ:\n" + "\n".join(wrong)


def test_city_wide_roles_are_the_ones_of_the_role_table():
    from accounts.roles import CITY_WIDE_ROLES, Role

    assert {Role.CITY_ADMIN, Role.MONITOR} == set(CITY_WIDE_ROLES)
    assert CITY_WIDE == {S, C, M}


# --- security: the API endpoints of /api/schema/ × every role and the anonymous visitor ---
# Every endpoint of the OpenAPI document is public and read-only. The refused side is what
# the public may not see, for every role alike: a draft, a listing the monitoring centre
# hid, a draft page, a document attached only to a draft, an unpublished directory year,
# the signed-in organization's own drafts included (an organization reads its drafts in the
# admin, never through the public API). Listings' private contact fields (联系人, 电话,
# 邮箱) are answered to PRIVATE_ROLES only (accounts.roles.PRIVATE_DETAIL_ROLES). An
# endpoint of the schema that is not in API fails test_every_api_endpoint_is_classified.


@dataclass(frozen=True)
class Api:
    kind: str  # "list", "detail", "find" (?id= redirects to the detail) or "search"
    record: str | None = None  # the world's (public, [not public]) records it serves
    private: bool = False  # carries the listings' private contact fields
    params: tuple = ()


PRIVATE_ROLES = roles(S, C, M, D, P, U)
NEWEST = (("order", "-id"),)

API = {
    "/api/demand-listings/": Api("list", "api_demand", private=True, params=(("page_size", 100),)),
    "/api/demand-listings/{id}/": Api("detail", "api_demand", private=True),
    "/api/supply-listings/": Api("list", "api_supply", private=True, params=(("page_size", 100),)),
    "/api/supply-listings/{id}/": Api("detail", "api_supply", private=True),
    "/api/directory/": Api("list", "api_directory"),
    "/api/directory/{year}/": Api("detail", "api_directory"),
    "/api/search/": Api("search", params=(("q", "矩阵"),)),
    "/api/search/suggest/": Api("search", params=(("q", "矩阵"),)),
    "/api/v2/pages/": Api("list", "api_page", params=(("type", "notices.PolicyPage"), *NEWEST)),
    "/api/v2/pages/{id}/": Api("detail", "api_page"),
    "/api/v2/pages/find/": Api("find", "api_page"),
    "/api/v2/documents/": Api("list", "api_document", params=NEWEST),
    "/api/v2/documents/{id}/": Api("detail", "api_document"),
    "/api/v2/documents/find/": Api("find", "api_document"),
    "/api/v2/images/": Api("list", "api_image", params=NEWEST),
    "/api/v2/images/{id}/": Api("detail", "api_image"),
    "/api/v2/images/find/": Api("find", "api_image"),
    # --- opendata: the open-data API (public fields only, for every role; cursor pages)
    "/api/open-data/releases/": Api("list", "api_demand", params=(("page_size", 200),)),
    "/api/open-data/demand-listings/": Api("list", "api_demand", params=(("page_size", 500),)),
    "/api/open-data/supply-listings/": Api("list", "api_supply", params=(("page_size", 500),)),
    "/api/open-data/directory-entries/": Api("list", "api_directory"),
    # --- end opendata
}
# --- end security: API endpoints


@functools.cache
def api_endpoints() -> tuple[tuple[str, str], ...]:
    """(path, method) of every operation of the public OpenAPI document."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
    )


def test_every_api_endpoint_is_classified():
    unclassified = [
        f"{method} {path}"
        for path, method in api_endpoints()
        if path not in API or method != "GET"  # a write endpoint needs its own cells
    ]
    assert not unclassified, "classify these API endpoints in the matrix:\n" + "\n".join(
        unclassified
    )
    assert len(api_endpoints()) >= 17


def _label(record) -> str:
    return str(record.year if isinstance(record, Round) else record.title)


def _key(record):
    """What the detail URL takes: a directory's year, else the id."""
    return record.year if isinstance(record, Round) else record.pk


def _items(body):
    for name in ("results", "items"):
        if isinstance(body, dict) and name in body:
            return body[name]
    return body if isinstance(body, list) else [body]


def api_cells(client, role, objects) -> list[str]:
    """What differs from the API table for one role, given the world of `objects`."""
    wrong = []
    shows_private = role in PRIVATE_ROLES

    def check(what, got, expected):
        if got != expected:
            wrong.append(f"{what}: {got}, expected {expected}")

    for path, method in api_endpoints():
        rule = API.get(path)
        if rule is None or method != "GET":
            continue  # reported by test_every_api_endpoint_is_classified
        public, refused = objects[rule.record] if rule.record else (None, [])
        params = dict(rule.params)
        if rule.kind in ("list", "search"):
            response = client.get(path, params)
            check(f"{path}", response.status_code, 200)
            text = response.content.decode()
            if public is not None and rule.kind == "list":
                check(f"{path} lists {_label(public)}", _label(public) in text, True)
            for record in refused:
                check(f"{path} lists {_label(record)}", _label(record) in text, False)
            if rule.private and response.status_code == 200:
                item = next(i for i in _items(response.json()) if i.get("id") == public.pk)
                check(f"{path} private fields", "phone" in item, shows_private)
            continue
        for record, allowed in [(public, True), *((record, False) for record in refused)]:
            if record is None:
                continue
            if rule.kind == "find":
                response = client.get(path, {"id": record.pk})
                expected = 302 if allowed else 404
            else:
                response = client.get(
                    path.replace("{id}", "{key}")
                    .replace("{year}", "{key}")
                    .format(key=_key(record))
                )
                expected = 200 if allowed else 404
            check(f"{path} [{_label(record)}]", response.status_code, expected)
            if rule.private and allowed and response.status_code == 200:
                check(f"{path} private fields", "phone" in response.json(), shows_private)
    return wrong
