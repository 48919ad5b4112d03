"""Every factory builds a valid record (issue 10): tests and benchmarks can rely on them."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError

from catalog import factories as catalog
from nominations import factories as nominations
from notices.models import AnnouncementIndexPage, AnnouncementPage, PolicyIndexPage, PolicyPage

pytestmark = pytest.mark.django_db


class PolicyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PolicyPage

    title = "关于做好政府购买社会组织服务工作的通知"
    issuing_body = "上海市民政局"


class AnnouncementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AnnouncementPage

    title = "2026年推荐目录申报公告"
    issuing_body = "上海市民政局"


FACTORIES = [
    catalog.ProviderFactory,
    catalog.PurchaserFactory,
    catalog.DemandListingFactory,
    catalog.SupplyListingFactory,
    catalog.UserFactory,
    nominations.RoundFactory,
    nominations.SupplyListingFactory,
    nominations.ApplicationFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_model_factory_builds_a_record_its_model_accepts(factory):
    record = factory()
    record.full_clean()
    assert type(record)._default_manager.filter(pk=record.pk).exists()


def test_the_purchased_trait_makes_a_listing_a_nomination_can_cite():
    plain = catalog.SupplyListingFactory()
    purchased = catalog.SupplyListingFactory(purchased=True)
    assert not plain.purchased_before and plain.total_amount is None
    assert purchased.purchased_before and purchased.implemented_amount <= purchased.total_amount
    assert nominations.SupplyListingFactory().purchased_before
    purchased.implemented_amount = purchased.total_amount + 1
    with pytest.raises(ValidationError):
        purchased.full_clean()  # the model's own cross-field rule, the factory does not hide it


@pytest.mark.parametrize(
    ("factory", "index"),
    [(PolicyPageFactory, PolicyIndexPage), (AnnouncementPageFactory, AnnouncementIndexPage)],
)
def test_notice_page_factories_build_pages_under_their_section(factory, index):
    section = index.objects.get()
    page = factory(parent=section)
    page.full_clean()
    assert page.get_parent().specific == section and page.live
