"""Password policy: length, classes, common list, history, issued passwords, maximum age."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from security.models import AccountSecurity
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "Short-1a",  # 8 characters
        "abcdefghijklmn",  # one class
        "abcdefgh12345",  # two classes
        "Password1234",  # common
        "314159265358979",  # numeric
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["Sh-gov-svc-2026", "长宁区民政局服务中心Ab12", "xK9#mPqW2vLt"]
)
def test_passwords_of_twelve_or_more_with_three_classes_are_accepted(password):
    validate_password(password)


def test_none_of_the_last_five_passwords_may_be_chosen_again(user_with_role):
    user = user_with_role(Role.PROVIDER)
    used = [f"Gxpt-history-{n}x" for n in range(6)]
    for password in used:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for recent in used[1:]:
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(recent, user)
    validate_password(used[0], user)  # the sixth-last is allowed again


def test_a_password_an_admin_sets_must_be_changed_at_first_sign_in(user_with_role, login):
    city = user_with_role(Role.CITY_ADMIN)
    client = login(city)
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new_provider_user",
            "email": "p@example.cn",
            "first_name": "新",
            "last_name": "用户",
            "password1": "Issued-Pass-2026",
            "password2": "Issued-Pass-2026",
            "role": Role.PURCHASER,
            "purchaser": __import__("catalog.factories").factories.PurchaserFactory().pk,
        },
    )
    import re

    errors = re.findall(r'class="error-message"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert response.status_code == 302, errors or response.content.decode()[-3000:]
    from django.contrib.auth import get_user_model

    issued = get_user_model().objects.get(username="new_provider_user")
    assert AccountSecurity.of(issued).must_change_password
    client.logout()
    client.force_login(issued, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    # Changing it oneself (with the old password: re-authentication) clears the mark.
    from django.contrib.auth.forms import PasswordChangeForm

    form = PasswordChangeForm(
        issued,
        {
            "old_password": "Issued-Pass-2026",
            "new_password1": "Own-choice-2026x",
            "new_password2": "Own-choice-2026x",
        },
    )
    assert form.is_valid(), form.errors
    from security import passwords

    token = passwords.current_user.set(issued)
    try:
        form.save()
    finally:
        passwords.current_user.reset(token)
    assert not AccountSecurity.of(issued).must_change_password
    assert client.get("/admin/").status_code in (200, 302)


def test_a_password_older_than_the_maximum_age_must_be_changed(user_with_role, login, settings):
    user = user_with_role(Role.PROVIDER)
    client = login(user)
    assert client.get("/admin/").status_code == 200
    state = AccountSecurity.of(user)
    state.password_changed_at = timezone.now() - datetime.timedelta(days=181)
    state.save()
    assert client.get("/admin/")["Location"] == "/admin/account/"
    settings.PASSWORD_MAX_AGE_DAYS = 365
    assert client.get("/admin/").status_code == 200


def test_the_test_password_itself_meets_the_policy():
    validate_password(PASSWORD)
