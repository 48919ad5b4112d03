"""Every demo role walks the admin screens it uses, in Chromium: no English on the screen.

The pages are the role's own sidebar (every menu item), the dashboard, the account and
manual pages, and for each list the add form and the first record's edit form. Text is
read as the user sees it: visible text nodes and visible placeholders, labels, titles.
Words that are data (user names, e-mail addresses, file names) or accepted abbreviations
are allowed; anything else in Latin letters is an untranslated string.
"""

import json
import re

import pytest

from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

ROLES = ["admin", "city_admin", "huangpu_admin", "provider_demo", "purchaser_demo", "monitor_demo", "expert_demo"]
ALLOWED = {
    *("Excel", "CSV", "API", "PDF", "JPG", "PNG", "JSON", "URL", "OpenAPI", "Word", "ICP", "Tab"),
    *("GMT", "UTC", "MB", "KB", "localhost"),
    *ROLES,  # the demo logins' user names are data
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# Data, not interface: user names, e-mail, file names, codes, web addresses.
DATA = re.compile(r"\S*[_@./\\\d]\S*|https?://\S+")

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


def more_pages(page, url) -> list[str]:
    """On a list: its add form and its first record's edit (or inspect, review) page."""
    if not re.search(r"/(snippets|nominations|moderation/flags)/", url):
        return []
    links = page.evaluate(
        """() => [...document.querySelectorAll('main a[href^="/admin/"]')].map(a => a.getAttribute('href'))"""
    )
    add = next((link for link in links if re.search(r"/(add|new)/$", link)), None)
    edit = next((link for link in links if re.search(r"/(edit|inspect|review)/\d+/$", link)), None)
    return [link for link in (add, edit) if link]


@pytest.mark.parametrize("username", ROLES)
def test_the_admin_a_role_uses_shows_no_english(demo_page, username, screenshot):
    page = demo_page
    login_demo(page, username)
    problems = {}
    queue = ["/admin/", "/admin/account/", "/admin/manual/", *menu_urls(page)]
    visited = []
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.append(url)
        response = page.goto(url, wait_until="load")
        assert response.status < 400, f"{username}: {url} answered {response.status}"
        page.wait_for_selector("#wagtail-sidebar .sidebar-main-menu", state="attached")
        english = english_in(page.evaluate(VISIBLE_TEXT))
        if english:
            problems[url] = english
        queue += more_pages(page, url)
    screenshot(page, f"admin-chinese-{username}")
    assert len(visited) >= 4
    assert not problems, f"{username}: English on screen:\n" + json.dumps(problems, ensure_ascii=False, indent=1)
