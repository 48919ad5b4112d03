"""Hole 3 of issue 11: what a role may change is decided on the server.

A provider's (purchaser's) own profile shows the registration facts read-only and
leaves them out of its form, so a crafted POST cannot change them and an omitted
checkbox does not clear the serious-dishonesty flag; the profile still saves from
the page as a browser submits it. The registration authority edits them, within
its own district.
"""

import datetime

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, district
from catalog.models import Provider, Purchaser

from .browser_form import read_form

pytestmark = pytest.mark.django_db

PROVIDER_EDIT = "/admin/snippets/catalog/provider/edit/{}/"
PURCHASER_EDIT = "/admin/snippets/catalog/purchaser/edit/{}/"
REGISTRATION = (
    "registration_level",
    "district",
    "registered_on",
    "grade",
    "is_seriously_dishonest",
)


@pytest.fixture
def provider():
    return ProviderFactory(
        district=district("黄浦区"),
        registration_level="district",
        grade="2A",
        registered_on=datetime.date(2024, 3, 1),
        is_seriously_dishonest=True,
    )


def facts(provider):
    provider.refresh_from_db()
    return {field: getattr(provider, field) for field in REGISTRATION} | {
        "name": provider.name,
        "credit_code": provider.credit_code,
    }


def test_provider_saves_its_profile_as_the_browser_submits_it(provider, user_with_role, login):
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    page = client.get(PROVIDER_EDIT.format(provider.pk))
    assert page.status_code == 200
    data, names = read_form(page.content.decode())
    # The registration facts are shown, not rendered as inputs (hidden or not).
    assert not names & {*REGISTRATION, "name", "credit_code"}
    assert "2A" in page.content.decode() and provider.name in page.content.decode()
    data["summary"] = ["专注社区养老服务十年。"]
    response = client.post(PROVIDER_EDIT.format(provider.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    provider.refresh_from_db()
    assert provider.summary == "专注社区养老服务十年。"
    assert provider.is_seriously_dishonest  # its checkbox was never in the form


def test_provider_cannot_change_its_registration_facts_by_posting_them(
    provider, user_with_role, login
):
    before = facts(provider)
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    data, _names = read_form(client.get(PROVIDER_EDIT.format(provider.pk)).content.decode())
    data.update(
        name=["改名后的机构"],
        credit_code=["52310000MJ0000000X"],
        registration_level=["city"],
        district=[str(district("闵行区").pk)],
        registered_on=["2010-01-01"],
        grade=["5A"],
        contact_person=["李老师"],
    )
    data.pop("is_seriously_dishonest", None)  # omitted: would read as false
    response = client.post(PROVIDER_EDIT.format(provider.pk), data)
    assert response.status_code == 302
    assert facts(provider) == before
    assert Provider.objects.get(pk=provider.pk).contact_person == "李老师"


def test_district_admin_edits_registration_facts_within_its_district(
    provider, user_with_role, login
):
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")))
    page = client.get(PROVIDER_EDIT.format(provider.pk))
    data, names = read_form(page.content.decode())
    assert {"grade", "is_seriously_dishonest", "registration_level"} <= names
    data["grade"] = ["5A"]
    data.pop("is_seriously_dishonest", None)  # the authority clears the flag
    response = client.post(PROVIDER_EDIT.format(provider.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    provider.refresh_from_db()
    assert (provider.grade, provider.is_seriously_dishonest) == ("5A", False)

    data["district"] = [str(district("闵行区").pk)]
    response = client.post(PROVIDER_EDIT.format(provider.pk), data)
    assert response.status_code == 200  # not a choice for a 黄浦 admin
    provider.refresh_from_db()
    assert provider.district == district("黄浦区")


def test_purchaser_cannot_change_its_name_level_or_district(user_with_role, login):
    purchaser = PurchaserFactory(district=district("黄浦区"), level="street")
    client = login(user_with_role(Role.PURCHASER, purchaser=purchaser))
    data, names = read_form(client.get(PURCHASER_EDIT.format(purchaser.pk)).content.decode())
    assert not names & {"name", "level", "district"}
    data.update(
        name=["别的名称"], level=["city"], district=[str(district("闵行区").pk)], phone=["021-1234"]
    )
    assert client.post(PURCHASER_EDIT.format(purchaser.pk), data).status_code == 302
    purchaser = Purchaser.objects.get(pk=purchaser.pk)
    assert (purchaser.level, purchaser.district, purchaser.phone) == (
        "street",
        district("黄浦区"),
        "021-1234",
    )
