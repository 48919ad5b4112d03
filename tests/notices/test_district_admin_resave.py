"""Saving a district admin's account builds its district's publishing set-up only when needed.

The set-up (folders, group, collection, workflow) is built when the account is
new, when its role or district changes, or when the district has none; an
unchanged re-save (e.g. editing the phone number) only checks the membership.
Measured: queries of the first save, and of a re-save, which before this change
rebuilt everything again (about 316 queries on SQLite).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Account
from accounts.roles import Role
from notices.models import DistrictNoticeGroup
from notices.permissions import ensure_district_publishing
from tests.notices.conftest import folder

pytestmark = pytest.mark.django_db

RESAVE_MAX_QUERIES = 12


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_an_unchanged_resave_issues_a_few_queries_not_the_whole_set_up(
    huangpu, district_admin, django_assert_max_num_queries, capsys
):
    user = district_admin(huangpu)
    # Before: every save ran the whole (idempotent) set-up again.
    before = queries_of(lambda: ensure_district_publishing(huangpu))
    account = Account.objects.get(user=user)
    account.phone = "13900000000"
    with django_assert_max_num_queries(RESAVE_MAX_QUERIES):
        account.save()
    after = queries_of(Account.objects.get(pk=account.pk).save)
    with capsys.disabled():
        print(f"\ndistrict admin account re-save: before={before} after={after} queries")
    assert after <= RESAVE_MAX_QUERIES < before
    group = DistrictNoticeGroup.objects.get(district=huangpu).group
    assert user.groups.filter(pk=group.pk).exists()


def test_the_set_up_is_built_for_a_new_district_admin_and_a_changed_district(
    huangpu, xuhui, district_admin, policies, capsys
):
    user = district_admin(huangpu)
    assert folder(policies, huangpu)
    account = Account.objects.get(user=user)
    account.district = xuhui

    moved = queries_of(account.save)
    with capsys.disabled():
        print(f"\ndistrict admin account save with a new district: {moved} queries")
    assert moved > RESAVE_MAX_QUERIES  # the new district's set-up was built
    assert folder(policies, xuhui)
    xuhui_group = DistrictNoticeGroup.objects.get(district=xuhui).group
    huangpu_group = DistrictNoticeGroup.objects.get(district=huangpu).group
    assert set(user.groups.filter(pk__in=[xuhui_group.pk, huangpu_group.pk])) == {xuhui_group}


def test_a_missing_set_up_is_rebuilt_on_an_unchanged_resave(huangpu, district_admin, policies):
    user = district_admin(huangpu)
    DistrictNoticeGroup.objects.filter(district=huangpu).delete()
    Account.objects.get(user=user).save()
    group = DistrictNoticeGroup.objects.get(district=huangpu).group
    assert user.groups.filter(pk=group.pk).exists()


def test_a_role_change_away_from_district_admin_leaves_the_district_group(huangpu, district_admin):
    user = district_admin(huangpu)
    account = Account.objects.get(user=user)
    account.role, account.district = Role.EXPERT, None
    account.save()
    group = DistrictNoticeGroup.objects.get(district=huangpu).group
    assert not user.groups.filter(pk=group.pk).exists()
