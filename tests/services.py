"""Access to the real services for integration tests.

Locally, a test whose service is not configured is skipped; with
GXPT_REQUIRE_SERVICES=1 (what bin/test sets for the integration pass) it fails
instead, so CI can never pass by skipping.
"""

import os

import pytest


def require(env_name: str, what: str) -> str:
    value = os.environ.get(env_name, "")
    if value:
        return value
    message = f"{what} not configured ({env_name} is unset)"
    if os.environ.get("GXPT_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)
