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
        # Never written from here: the test's own transaction would hold the device's row
        # lock while the server's verify waits for it (totp_token handles repeated logins).
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("input[name=token]", totp_token(device))
        page.click("button[type=submit]")
    try:
        page.wait_for_url("**/admin/")
    except Exception as error:  # a Playwright timeout: say where the sign-in stopped
        text = page.inner_text("main") if page.locator("main").count() else page.content()
        recent = getattr(page, "requests", [])[-5:]
        raise AssertionError(f"{username} stopped at {page.url} {recent}: {text[:500]}") from error


# -- One small demo site per module -------------------------------------------------------
# Walking the admin as every role, or every public page type, needs the demo's data; loading
# it per test would take minutes. A module that uses `demo_site` gets one live server on one
# demo database (fewer generated listings than `load_demo`'s), flushed when the module ends.
# Its tests carry the plain `django_db` marker (so the test database exists; each test's
# own transaction is rolled back and never touches the committed demo), never
# `transaction=True` (that would flush the demo after the first test).

DEMO_PASSWORD = "Gxpt-demo-2026"
# Enough that the current year alone fills a board's first page (20), as in the real demo.
DEMO_LISTINGS = {"DEMAND_COUNT": 100, "SUPPLY_COUNT": 100}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.db import connections
    from django.test.testcases import LiveServerThread

    import catalog.demo

    with django_db_blocker.unblock():
        saved = {name: getattr(catalog.demo, name) for name in DEMO_LISTINGS}
        for name, value in DEMO_LISTINGS.items():
            setattr(catalog.demo, name, value)
        try:
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        finally:
            for name, value in saved.items():
                setattr(catalog.demo, name, value)
        for connection in connections.all():
            connection.close()
        server = LiveServerThread("localhost", StaticFilesHandler, connections_override={}, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://localhost:{server.port}"
        finally:
            server.terminate()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_page(chromium, demo_site, request):
    """A browser page on the demo site; every request it makes is kept in `page.requests`."""
    width = getattr(request, "param", 1280)
    context = chromium.new_context(
        base_url=demo_site, locale="zh-CN", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.requests = []
    context.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def login_demo(page, username: str) -> None:
    page.context.clear_cookies()
    login_in_browser(page, username, DEMO_PASSWORD)
