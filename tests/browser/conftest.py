"""Playwright driving Debian's Chromium against a live server.

Browser tests are integration tests: they run in bin/test's second pass, where a
missing Chromium fails the run. Playwright's own browser download cannot work on
these machines; Debian's chromium is installed by bin/test.
"""

import os
from pathlib import Path

import pytest

from tests.services import require

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
# Flags for a sandboxed, offline machine (see the env notes): no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        require("__NO_CHROMIUM__", f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the Django ORM
    # calls the tests make between browser steps are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser context (cookies, downloads) on the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def _take(page, name: str) -> Path:
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


def login_in_browser(page, username: str, password: str) -> None:
    """Sign in as a person does: password, then the authenticator's code where 2FA applies."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from security.twofactor import required_for
    from tests.conftest import totp_token

    user = get_user_model().objects.get(username=username)
    if required_for(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/admin/2fa/verify/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("input[name=token]", totp_token(device))
        page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
