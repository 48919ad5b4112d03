"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from catalog.factories import make_user

PASSWORD = "pass-Word-123"


@pytest.fixture
def user_with_role(db):
    """Make a user of a role (None: superuser): user_with_role(Role.PROVIDER, provider=...)."""
    return make_user


def verify_second_factor(client, user):
    """Enrol a TOTP device for `user` if it has none and mark the client's session verified.

    The suite signs in as every role; the roles that must use two factors (security.
    twofactor) get a real confirmed device and a session django-otp takes as verified,
    as after a code was entered, so the 2FA check stays on for every test.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_token(device) -> str:
    """The next code `device` accepts (django-otp refuses a time step already used)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    counter = max(totp.t(), device.last_t + 1)
    # t() is the steps since t0 plus the device's drift: set the clock so that t() is
    # `counter`. One step ahead is within the device's tolerance, and django-otp then
    # moves the drift along, so signing the same user in again and again keeps working.
    totp.time = device.t0 + (counter - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def login(client):
    def _login(user):
        from security.twofactor import required_for

        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if required_for(user):
            verify_second_factor(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counts do not leak between tests).

    Only the per-process local-memory cache of the test settings: a shared cache
    (Redis) could hold another run's keys and is left alone.
    """
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _closed_broker_breaker():
    """Each test starts with the outbox's broker breaker closed.

    A test that takes the broker away trips it (by design: for OUTBOX_SEND_RETRY_AFTER
    seconds no request waits on Redis), and the next tests' after-commit messages would
    silently wait for the periodic retry instead of being sent.
    """
    from outbox import breaker

    # Likewise search's breaker, tripped by a test with a search server down.
    breaker.reset_all()
    yield
