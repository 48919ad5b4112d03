"""Read-only authority fields read as Chinese, not as Python values."""

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("flag", "shown"), [(False, "否"), (True, "是")])
def test_a_provider_sees_its_dishonesty_flag_as_yes_or_no(user_with_role, login, flag, shown):
    provider = ProviderFactory(is_seriously_dishonest=flag)
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    page = client.get(f"/admin/snippets/catalog/provider/edit/{provider.pk}/").content.decode()
    assert "严重失信" in page
    section = page[page.index("严重失信") :][:1500]
    assert shown in section and "False" not in section and "True" not in section
