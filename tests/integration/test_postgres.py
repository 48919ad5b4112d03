"""The schema and the reference data on real PostgreSQL."""

import pytest
from django.db import connection

from catalog.models import District, ServiceDomain
from notices.models import HomePage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_migrations_and_reference_data_on_postgresql(postgres):
    assert connection.vendor == "postgresql"
    assert District.objects.count() == 16
    assert ServiceDomain.objects.get(code="6.10").name == "社区服务设施托管"
    assert HomePage.objects.live().count() == 1


def test_demo_data_loads_on_postgresql(postgres):
    from django.core.management import call_command

    from catalog.models import Provider

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Provider.objects.values("district").distinct().count() == 16
