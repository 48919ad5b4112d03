"""factory_boy factories for the catalog (tests and benchmarks only)."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from stdnum.cn import uscc

from accounts.models import Account
from accounts.roles import Role

from .models import (
    DemandListing,
    District,
    Provider,
    Purchaser,
    ServiceDomain,
    SupplyListing,
)

_sequence = itertools.count(1)


def credit_code(kind: str = "52", district_code: str = "310101", n: int | None = None) -> str:
    body = f"{kind}{district_code}{(n if n is not None else next(_sequence)) + 700000000:09d}"
    return body + uscc.calc_check_digit(body)


def district(name: str = "黄浦区") -> District:
    return District.objects.get(name=name)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"上海市测试社会工作服务中心{n}")
    district = factory.LazyFunction(district)
    credit_code = factory.LazyAttribute(lambda o: credit_code("52", o.district.code))
    registration_level = "district"
    grade = "4A"
    phone = "13812345678"
    email = factory.Sequence(lambda n: f"org{n}@example.org")
    contact_person = "王老师"


class PurchaserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purchaser

    name = factory.Sequence(lambda n: f"黄浦区测试街道{n}办事处")
    level = "street"
    district = factory.LazyFunction(district)


def domain(code: str = "2.1") -> ServiceDomain:
    return ServiceDomain.objects.get(code=code)


class ListingFactory(factory.django.DjangoModelFactory):
    """A complete, published listing (completeness checks pass)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"社区长者助餐服务项目{n}")
    domain = factory.LazyFunction(domain)
    year = 2026
    summary = "为辖区高龄独居老人提供助餐、送餐服务。"
    service_targets = "高龄独居老人"
    district = factory.LazyFunction(district)
    contact_person = "王老师"
    phone = "13812345678"
    email = "contact@example.org"
    live = True


class DemandListingFactory(ListingFactory):
    class Meta:
        model = DemandListing

    purchaser = factory.SubFactory(PurchaserFactory)
    budget = 200000
    purchase_method = "open_tender"

    class Params:
        # A yearly plan's item (拟购买, catalog.planning): an estimated budget, not approved.
        planned = factory.Trait(status="planned", purchase_method="", budget_approved_on=None)


class SupplyListingFactory(ListingFactory):
    class Meta:
        model = SupplyListing

    provider = factory.SubFactory(ProviderFactory)

    class Params:
        # A project a purchaser has already bought (已购买服务), with its amounts, period
        # and results: what a nomination cites. SupplyListingFactory(purchased=True).
        purchased = factory.Trait(
            year=2024,
            purchased_before=True,
            purchaser_name="黄浦区南京东路街道办事处",
            total_amount=Decimal("300000"),
            implemented_amount=Decimal("280000"),
            government_amount=Decimal("250000"),
            period_start=datetime.date(2022, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            results="服务老人 1200 人次，满意度 98%。",
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "测试"
    last_name = "用户"
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: str | None, **scope) -> "get_user_model()":
    """A user with an account of `role`; scope fields (provider, purchaser, district) default sensibly."""
    user = UserFactory(is_superuser=role is None)
    if role is None:
        return user
    if role == Role.PROVIDER:
        scope.setdefault("provider", ProviderFactory())
    elif role == Role.PURCHASER:
        scope.setdefault("purchaser", PurchaserFactory())
    elif role == Role.DISTRICT_ADMIN:
        scope.setdefault("district", district())
    account = Account(user=user, role=role, **scope)
    account.full_clean()
    account.save()
    return user
