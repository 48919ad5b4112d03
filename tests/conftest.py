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


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
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
