"""The public site as a visitor meets it, in Chromium on the demo: a phone, axe-core, no outside host.

One demo site for the module (tests/browser/conftest.py: demo_site). Every public page type
is opened at 390 px (no page wider than the screen) and at desk width with axe-core's WCAG
2.1 A/AA rules (no serious or critical violation); every request the browser makes goes to
the live server itself.
"""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def public_pages() -> dict[str, str]:
    """One address per public page type of the demo, found from its data."""
    from catalog.models import DemandIndexPage, DemandListing, SupplyIndexPage, SupplyListing
    from nominations.models import DirectoryIndexPage, DirectoryYearPage, Round
    from notices.models import (
        AnnouncementIndexPage,
        AnnouncementPage,
        DistrictNoticeIndexPage,
        DownloadIndexPage,
        LinkIndexPage,
        MessageBoardPage,
        PolicyIndexPage,
        PolicyPage,
    )

    demand_board, supply_board = DemandIndexPage.objects.get().url, SupplyIndexPage.objects.get().url
    demand = DemandListing.objects.public().order_by("pk").first()
    supply = SupplyListing.objects.public().order_by("pk").first()
    pages = {
        "home": "/",
        "demand board": demand_board,
        "demand detail": f"{demand_board}{demand.pk}/",
        "purchaser": f"{demand_board}purchaser/{demand.purchaser_id}/",
        "supply board": f"{supply_board}?page=2",
        "supply detail": f"{supply_board}{supply.pk}/",
        "provider": f"{supply_board}provider/{supply.provider_id}/",
        "directory": DirectoryIndexPage.objects.get().url,
        "directory year": DirectoryYearPage.objects.live().first().url,
        "policies": PolicyIndexPage.objects.get().url,
        "policy": PolicyPage.objects.live().first().url,
        "announcements": AnnouncementIndexPage.objects.get().url,
        "announcement with tables": AnnouncementPage.objects.get(slug="directory-2021-call").url,
        "district notices": DistrictNoticeIndexPage.objects.live().first().url,
        "downloads": DownloadIndexPage.objects.get().url,
        "links": LinkIndexPage.objects.get().url,
        "message board": MessageBoardPage.objects.get().url,
        "report form": f"/report/supply/{supply.pk}/",
        "search": "/search/?q=养老",
        "site map": "/sitemap/",
        "not found": "/no-such-page/",
    }
    round_ = Round.objects.order_by("-year").first()
    pages["objection form"] = f"{pages['directory']}objections/{round_.year}/"
    return pages


def outside(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).hostname not in LOOPBACK
    ]


@pytest.mark.parametrize("demo_page", [390], indirect=True)
def test_no_public_page_is_wider_than_a_phone(demo_page, screenshot):
    page = demo_page
    too_wide = {}
    for name, url in public_pages().items():
        page.goto(url, wait_until="networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            culprit = page.evaluate(
                """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391
                   && !e.closest('.table-scroll')).slice(-3).map(e => e.tagName + '.' + e.className)"""
            )
            too_wide[name] = (width, culprit)
        if name in {"demand board", "announcement with tables", "home"}:
            screenshot(page, f"phone-{name.replace(' ', '-')}")
    assert not too_wide, too_wide
    assert not outside(page.requests), outside(page.requests)


def test_public_pages_have_no_serious_accessibility_violations(demo_page):
    page = demo_page
    axe = Axe()
    problems = {}
    pages = public_pages()
    for name, url in pages.items():
        page.goto(url, wait_until="networkidle")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            problems[name] = serious
    assert not problems, problems
    # The same rules in 长者模式 (larger type, stronger contrast) on the busiest pages.
    host = urlparse(page.url).hostname
    page.context.add_cookies([{"name": "gxpt_elderly", "value": "1", "domain": host, "path": "/"}])
    for name in ("home", "demand board", "supply detail"):
        page.goto(pages[name], wait_until="networkidle")
        assert page.evaluate("document.documentElement.classList.contains('elderly')")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        assert not [v["id"] for v in violations if v["impact"] in {"serious", "critical"}], name
    assert not outside(page.requests), outside(page.requests)


def test_the_elderly_mode_switch_enlarges_the_type_and_is_remembered(demo_page, screenshot):
    page = demo_page
    page.goto("/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch = page.get_by_role("button", name="长者模式")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    page.goto(public_pages()["demand board"])
    assert page.evaluate("document.documentElement.classList.contains('elderly')")
    screenshot(page, "elderly-demand-board")
    page.get_by_role("button", name="长者模式").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('elderly')")


def test_the_second_level_filter_offers_only_the_chosen_first_levels_entries(demo_page):
    page = demo_page
    page.goto(public_pages()["demand board"])
    page.select_option("select[name=domain_first]", "2")
    options = page.eval_on_selector_all("select[name=domain] option", "os => os.map(o => o.value)")
    assert options[0] == "" and len(options) > 2
    assert all(value.startswith("2.") for value in options[1:])
    page.select_option("select[name=domain]", options[1])
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**domain=**")
    assert page.locator("select[name=domain]").input_value() == options[1]


def test_a_visitor_reports_a_listing_from_its_page(demo_page, screenshot):
    page = demo_page
    pages = public_pages()
    page.goto(pages["supply detail"])
    page.get_by_role("link", name="举报此项目").click()
    page.wait_for_url("**/report/supply/**")
    trap = page.locator(".hp")  # the honeypot: out of sight and out of the accessibility tree
    assert trap.get_attribute("aria-hidden") == "true"
    assert trap.bounding_box()["x"] + trap.bounding_box()["width"] < 0
    labels = page.eval_on_selector_all(".public-form label", "ls => ls.map(l => l.innerText)")
    assert labels and not [label for label in labels if "Website" in label]
    screenshot(page, "report-form")
    # Every listing and organization page links to its own report form.
    for name, link in [
        ("demand detail", "举报此项目"),
        ("supply detail", "举报此项目"),
        ("provider", "举报此社会组织"),
        ("purchaser", "举报此购买主体"),
    ]:
        page.goto(pages[name])
        heading = page.get_by_role("heading", level=1).inner_text()
        report = page.get_by_role("link", name=link)
        assert report.is_visible(), name
        report.click()
        page.wait_for_url("**/report/**")
        assert heading in page.inner_text("main"), (name, heading)


def test_an_unknown_address_shows_the_chinese_404_page(demo_page, screenshot):
    page = demo_page
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "您访问的页面不存在"
    assert page.get_by_role("link", name="查看网站地图").is_visible()
    screenshot(page, "not-found")


def test_the_demo_boards_open_with_ordinary_records_and_show_no_personal_data(demo_page):
    from catalog.models import DemandListing, SupplyListing
    from moderation.demo import MARK
    from moderation.models import Flag, FlagStatus
    from moderation.rules.privacy import EMAIL_RE, ID_CARD_RE, MOBILE_RE

    page = demo_page
    pages = public_pages()
    for board in ("demand board", "supply board"):
        page.goto(pages[board].split("?")[0])
        first_page = page.locator(".listing-title").all_inner_texts()
        assert first_page and not [title for title in first_page if MARK in title], board
    public_text = ("title", "summary", "service_targets", "place", "results")
    for model in (DemandListing, SupplyListing):
        for values in model.objects.public().values(*[f for f in public_text if hasattr(model, f)]):
            text = " ".join(str(v) for v in values.values() if v)
            for pattern in (ID_CARD_RE, MOBILE_RE, EMAIL_RE):
                assert not pattern.search(text), (model.__name__, text[:80])
    # A plausible monitoring queue: tens of open findings, not a thousand. (The full demo
    # has about 40; this smaller one leaves more purchasers without a current-year demand,
    # each a late yearly plan.)
    assert 10 <= Flag.objects.filter(status=FlagStatus.OPEN).count() <= 120


@pytest.mark.parametrize("demo_page", [390], indirect=True)
def test_a_server_error_shows_the_chinese_500_page_in_the_sites_layout(demo_page, settings, screenshot):
    settings.ROOT_URLCONF = "tests.browser.failing_urls"
    page = demo_page
    response = page.goto("/test-failure/", wait_until="networkidle")
    assert response.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == "服务器错误"
    assert "962200" in page.inner_text("main")
    # The site's frame: its header with the platform's name, its footer, its stylesheet.
    assert "上海市政府购买社会组织服务供需对接平台" in page.inner_text("header")
    assert page.locator("footer").is_visible()
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert [href for href in sheets if "/static/" in href], sheets
    assert page.get_by_role("link", name="返回首页").get_attribute("href") == "/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "Traceback" not in page.content() and "RuntimeError" not in page.content()
    screenshot(page, "server-error")
    assert not outside(page.requests), outside(page.requests)


def test_the_api_docs_page_renders_offline(demo_page, screenshot):
    page = demo_page
    # Redoc always renders Redocly's logo from its CDN; the page's policy (img-src 'self')
    # stops it in the browser, so nothing leaves the machine and the logo hides itself.
    stopped = []
    page.on("requestfailed", lambda r: stopped.append(r.url) if r.failure == "csp" else None)
    response = page.goto("/api/docs/", wait_until="networkidle")
    assert response.status == 200
    # Only Redoc's styles are let in: scripts stay our own files and the nonce's.
    policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert "'unsafe-inline'" in policy["style-src"] and "'unsafe-inline'" not in policy["script-src"]
    page.wait_for_selector("#redoc-container h1, redoc h1, .api-info h1")
    assert "上海市政府购买社会组织服务供需对接平台 API" in page.inner_text("body")
    screenshot(page, "api-docs")
    sent = [url for url in outside(page.requests) if url not in stopped]
    assert not sent, sent
