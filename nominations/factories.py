"""factory_boy factories of the nominations (tests, benchmark)."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from catalog import factories as catalog_factories
from catalog.factories import ProviderFactory

from .models import Application, Round, Status


def png_bytes(size=(8, 8)) -> bytes:

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def scan_file(name="form.png") -> ContentFile:
    return ContentFile(png_bytes(), name=name)


def open_round_dates(today: datetime.date | None = None) -> dict:
    """Windows with today inside self-nomination (and so inside first review)."""
    today = today or timezone.localdate()  # the platform's date, as the calendar task sees it
    day = datetime.timedelta(days=1)
    return {
        "self_nomination_start": today - 10 * day,
        "self_nomination_end": today + 10 * day,
        "first_review_end": today + 30 * day,
        "rereview_end": today + 40 * day,
        "notice_start": today + 41 * day,
        "notice_end": today + 50 * day,
        "publication_by": today + 60 * day,
    }


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        django_get_or_create = ("year",)

    # Round.year is at most 2100, however many rounds a whole run creates.
    year = factory.Sequence(lambda n: 2030 + n % 60)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for key, value in open_round_dates().items():
            kwargs.setdefault(key, value)
        return super()._create(model_class, *args, **kwargs)


class SupplyListingFactory(catalog_factories.SupplyListingFactory):
    """The catalog's one listing factory, purchased before: what a nomination cites."""

    purchased = True  # the catalog factory's trait, on by default


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    provider = factory.SubFactory(ProviderFactory)
    listing = factory.LazyAttribute(lambda o: SupplyListingFactory(provider=o.provider))
    title = factory.LazyAttribute(lambda o: o.listing.title)
    domain = factory.LazyAttribute(lambda o: o.listing.domain)
    purchaser_name = "黄浦区南京东路街道办事处"
    total_amount = Decimal("300000")
    implemented_amount = Decimal("280000")
    government_amount = Decimal("250000")
    period_start = datetime.date(2022, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    two_years_or_more = True
    summary = "针对社区独居老人缺少照护的问题，为其提供上门探访、助餐和应急援助。"
    results = "服务老人 1200 人次，满意度 98%。"
    recommendation_form = factory.LazyFunction(scan_file)
    status = Status.SAVED
