"""Every demo role walks the admin screens it uses, in Chromium: no English on the screen.

The pages are the role's own sidebar (every menu item), the dashboard, the account page
(where the password is changed), the second-factor pages and the manual, and for each list
its add form and its first record's edit, inspect, history and usage pages (found from the
list and from the edit page). The sign-in pages are read before signing in: the login page,
its refusal of a wrong password, the password reset and the second factor's verify page. Text is
read as the user sees it: visible text nodes and visible placeholders, labels, titles.
Words that are data (user names, e-mail addresses, file names) or accepted abbreviations
are allowed; anything else in Latin letters is an untranslated string.
"""

import json
import re
from urllib.parse import urlparse

import pytest

from catalog.models import SupplyListing
from tests.browser.conftest import DEMO_PASSWORD, login_demo

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

ROLES = ["admin", "city_admin", "huangpu_admin", "provider_demo", "purchaser_demo", "monitor_demo", "expert_demo"]
ALLOWED = {
    *("Excel", "CSV", "API", "PDF", "JPG", "PNG", "JSON", "URL", "OpenAPI", "Word", "ICP", "Tab"),
    *("AVIF", "GIF", "JPEG", "WEBP", "SVG", "TOTP"),  # file formats, the authenticator standard
    *("GET", "POST"),  # a refused request's method in the audit trail
    *("GMT", "UTC", "MB", "KB", "localhost"),
    *ROLES,  # the demo logins' user names are data
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# Data, not interface: user names, e-mail, file names, codes, web addresses, and the
# history's slugs (a page's part of the address: 「缩略名：— → home」).
DATA = re.compile(r"\S*[_@./\\\d]\S*|https?://\S+|缩略名：[^；）]*")

VISIBLE_TEXT = """() => {
  const out = [];
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'CODE', 'PRE', 'TEXTAREA']);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || parent.closest('select, [contenteditable], .w-sr-only-ignore')) continue;
    if (!node.textContent.trim()) continue;
    const srOnly = parent.closest('.w-sr-only, .visually-hidden');
    if (!srOnly && !parent.checkVisibility()) continue;
    out.push(node.textContent.trim());
  }
  document.querySelectorAll('[placeholder], [aria-label], [title]').forEach(el => {
    if (!el.checkVisibility()) return;
    for (const a of ['placeholder', 'aria-label', 'title']) { const v = el.getAttribute(a); if (v) out.push(v); }
  });
  return out;
}"""

SIDEBAR = "() => document.querySelector('#wagtail-sidebar-props')?.textContent || ''"


def english_in(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        cleaned = DATA.sub(" ", text)
        words = [w for w in LATIN_WORD.findall(cleaned) if w not in ALLOWED]
        if words:
            found.append(text[:120])
    return found


def menu_urls(page) -> list[str]:
    props = page.evaluate(SIDEBAR)
    urls = re.findall(r'"url": "(/admin/[^"#]*)"', props)
    return list(dict.fromkeys(urls))


# The pages of one record (or a new one) a list leads to; the first link of each kind.
RECORD_PAGES = re.compile(r"/(add|new|edit|inspect|review|history|usage)/(\d+/)?$")
# Actions that change something when opened, or leave the admin: not read.
NOT_READ = re.compile(r"/(delete|unpublish|copy|move|lock|unlock|revisions|workflow|export|logout)/|\?export=")


def more_pages(page) -> list[str]:
    """On a list or an edit page: the first add, edit, inspect, review, history and usage page."""
    links = page.evaluate(
        """() => [...document.querySelectorAll('main a[href^="/admin/"], header a[href^="/admin/"]')]
             .map(a => a.getAttribute('href'))"""
    )
    first = {}
    for link in links:
        path = urlparse(link).path
        match = RECORD_PAGES.search(path)
        if match and not NOT_READ.search(link):
            first.setdefault((re.sub(r"\d+", "N", path[: match.start()]), match.group(1)), path)
    return list(first.values())


LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


def outside(requests: list[str]) -> list[str]:
    """Requests to any host but the live server (gravatar, CDNs, web fonts)."""
    return sorted(
        {url for url in requests if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).hostname not in LOOPBACK}
    )



@pytest.mark.parametrize("username", ROLES)
def test_the_admin_a_role_uses_shows_no_english(demo_page, username, screenshot):
    page = demo_page
    login_demo(page, username)
    problems = {}
    menu = menu_urls(page)
    queue = [(url, 0) for url in ["/admin/", "/admin/account/", "/admin/2fa/recovery/", "/admin/manual/", *menu]]
    visited = []
    while queue:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.append(url)
        response = page.goto(url, wait_until="load")
        assert response.status < 400, f"{username}: {url} answered {response.status}"
        if "/admin/2fa/" not in url:
            page.wait_for_selector("#wagtail-sidebar .sidebar-main-menu", state="attached")
        english = english_in(page.evaluate(VISIBLE_TEXT))
        if english:
            problems[url] = english
        if depth < 2 and "/admin/2fa/" not in url:
            queue += [(link, depth + 1) for link in more_pages(page)]
    screenshot(page, f"admin-chinese-{username}")
    assert len(visited) >= 6
    record_pages = [url for url in visited if RECORD_PAGES.search(url)]
    assert record_pages or username == "expert_demo", f"{username}: no record's page was read"
    assert not problems, f"{username}: English on screen:\n" + json.dumps(problems, ensure_ascii=False, indent=1)
    assert not outside(page.requests), f"{username}: requests to outside hosts: {outside(page.requests)}"


def test_the_sign_in_pages_show_no_english_and_load_nothing_from_outside(demo_page, screenshot):
    page = demo_page
    problems = {}

    def read(name):
        english = english_in(page.evaluate(VISIBLE_TEXT))
        if english:
            problems[name] = english

    page.goto("/admin/login/")
    read("login")
    assert "上海市政府购买社会组织服务供需对接平台" in page.inner_text("body")
    page.fill("input[name=username]", "provider_demo")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "用户名或密码不正确" in page.inner_text("body")
    read("wrong password")
    page.goto("/admin/password_reset/")
    read("password reset")
    # An administrator's second factor: the verify page, before the code is entered.
    page.goto("/admin/login/")
    page.fill("input[name=username]", "city_admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/2fa/**")
    read("2fa")
    screenshot(page, "admin-2fa-verify")
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not outside(page.requests), outside(page.requests)


def test_a_refused_save_and_its_error_messages_speak_chinese(demo_page, screenshot):
    """What a form says when a save is refused (the error summary, its 'first error' link)."""
    page = demo_page
    login_demo(page, "provider_demo")
    listing = SupplyListing.objects.filter(provider__accounts__user__username="provider_demo").first()
    page.goto(f"/admin/snippets/catalog/supplylisting/edit/{listing.pk}/")
    page.fill("#id_email", "wang@@example")  # refused even in a draft
    page.locator("form[data-controller~='w-unsaved'] button[type=submit]").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="跳到第一处错误").wait_for()
    screenshot(page, "refused-save")
    english = english_in(page.evaluate(VISIBLE_TEXT))
    assert not english, english
    assert "服务项目无法保存" in page.inner_text("body") and "请输入合法的邮件地址" in page.inner_text("main")
    assert SupplyListing.objects.get(pk=listing.pk).email == listing.email  # nothing was saved
