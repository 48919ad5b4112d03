"""The demo data produces flags of every rule, and loading it twice changes nothing."""

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, make_user
from moderation import demo
from moderation.models import Flag, Message, Objection
from moderation.rules import RULES

pytestmark = pytest.mark.django_db


def test_the_demo_flags_every_rule_and_is_idempotent():
    # What the catalog's demo provides (its full load imports ~1,500 listings: too slow here).
    provider = make_user(Role.PROVIDER, provider=ProviderFactory(name="上海黄浦阳光社会工作服务社"))
    provider.username = "provider_demo"
    provider.save()
    make_user(Role.PURCHASER, purchaser=PurchaserFactory(name="黄浦区南京东路街道办事处"))
    monitor = make_user(Role.MONITOR)
    monitor.username = "monitor_demo"
    monitor.save()
    first = demo.load()
    assert first["problem_listings"] > 0 and first["flags"] > 0
    assert set(Flag.objects.values_list("rule", flat=True)) == set(RULES)
    assert Flag.objects.filter(correction_deadline__isnull=False).exists()
    assert Message.objects.filter(status="answered").exists()
    # The provider's objection to a correction request, waiting for the centre's answer.
    objection = Objection.objects.get()
    assert (objection.status, objection.flag.rule) == ("pending", "amounts.contradiction")
    assert objection.deadline > objection.created_at.date() and objection.flag.credit_event is None
    counts = Flag.objects.count(), Message.objects.count(), Objection.objects.count()
    second = demo.load()
    assert set(second.values()) == {0}
    assert (Flag.objects.count(), Message.objects.count(), Objection.objects.count()) == counts
