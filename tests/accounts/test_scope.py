"""accounts.scope: the one scope helper, on its own terms (the apps' rules are tested in their apps)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from accounts.scope import NOTHING, Scope, scope_for, scoped
from catalog.factories import ProviderFactory, district
from catalog.models import Provider, ServiceDomain

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_a_model_without_a_declared_scope_is_an_error_not_everything(user_with_role):
    with pytest.raises(LookupError):
        scope_for(user_with_role(Role.CITY_ADMIN), ServiceDomain)


def test_visitors_see_nothing():
    ProviderFactory()
    assert scope_for(AnonymousUser(), Provider) == NOTHING
    assert not scoped(AnonymousUser(), Provider.objects.all()).exists()


def test_a_role_the_scope_does_not_name_sees_nothing(user_with_role):
    ProviderFactory()
    assert not scoped(user_with_role(Role.EXPERT), Provider.objects.all()).exists()


def test_every_signed_in_user_sees_itself_in_the_user_scope(user_with_role):
    provider_user, other = user_with_role(Role.PROVIDER), user_with_role(Role.PROVIDER)
    assert list(
        scoped(provider_user, User.objects.filter(pk__in=[provider_user.pk, other.pk]))
    ) == [provider_user]


def test_an_explicit_scope_limits_a_district_admin_to_its_district(user_with_role):
    huangpu = user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区"))
    own = ProviderFactory(district=district("黄浦区"))
    ProviderFactory(district=district("闵行区"))
    by_district = Scope(district="district")
    assert list(Provider.objects.filter(scope_for(huangpu, by_district))) == [own]
    assert Provider.objects.filter(scope_for(user_with_role(None), by_district)).count() == 2
