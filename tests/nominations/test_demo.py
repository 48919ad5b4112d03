"""The nominations demo: last year's directory online, this year's round in every status, idempotent."""

import pytest

from nominations import demo
from nominations.models import Application, DirectoryYearPage, Origin, Status
from tests.nominations.helpers import steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_demo(monkeypatch):
    import catalog.demo

    # The catalog's listing import is its own business (and slow); our loader makes the
    # listings it needs when there are none.
    monkeypatch.setattr(catalog.demo, "load_listings", lambda *a, **k: {}, raising=False)
    catalog.demo.load()


def test_the_demo_holds_every_status_and_a_published_directory_and_runs_twice(catalog_demo):
    first = demo.load()
    assert first["directory_pages"] == 1
    current = Application.objects.filter(round__year__gt=DirectoryYearPage.objects.get().year)
    assert set(current.values_list("status", flat=True)) == set(Status.values)
    assert set(current.values_list("origin", flat=True)) == {Origin.NEW, Origin.CARRIED_OVER}
    assert DirectoryYearPage.objects.get().entries.count() == 16
    # Statuses reached through the table leave their history behind.
    returned = current.get(status=Status.DISTRICT_RETURNED)
    assert [step[2] for step in steps(returned)] == [
        Status.SAVED,
        Status.SUBMITTED,
        Status.DISTRICT_RETURNED,
    ]
    before = Application.objects.count()
    assert demo.load() == {"rounds": 0, "applications": 0, "directory_pages": 0}
    assert Application.objects.count() == before


def test_every_carried_over_demo_application_opens_for_review(catalog_demo, login):
    """Issue 13, defect 6: reviewing a carried-over (原有) application was a server error."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    demo.load()
    city = get_user_model().objects.get(username="city_admin")
    district = get_user_model().objects.get(username="huangpu_admin")
    carried = Application.objects.filter(origin=Origin.CARRIED_OVER).select_related("provider")
    assert carried.exists()
    for application in carried:
        url = reverse("nomination_applications:review", args=[application.pk])
        client = login(city)
        assert client.get(url).status_code == 200
        if application.provider.district.name == "黄浦区":
            client = login(district)
            response = client.get(url)
            assert response.status_code == 200 and "同意并提交" in response.content.decode()
