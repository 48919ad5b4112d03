"""The browser set-up itself: Chromium renders the home page served by the live server."""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium(browser_page, screenshot):
    browser_page.goto("/")
    assert browser_page.locator("h1").first.inner_text().startswith("上海市政府购买社会组织服务")
    assert browser_page.get_by_role("link", name="我要购买服务").first.is_visible()
    assert screenshot(browser_page, "home").stat().st_size > 10_000
