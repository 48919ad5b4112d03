"""Fixtures shared by the whole suite."""

import pytest

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
