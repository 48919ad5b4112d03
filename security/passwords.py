"""Password policy (GB/T 22239-2019 8.1.4.1 b: complexity and periodic change).

- at least 12 characters (Django's MinimumLengthValidator, configured in settings),
  with three of the four classes: lower case, upper case, digits, other characters;
- not in the common-password list (Django's CommonPasswordValidator, 20,000 entries),
  not too close to the username or e-mail (UserAttributeSimilarityValidator);
- not one of the user's last `PASSWORD_HISTORY_COUNT` passwords (5);
- a password set by someone else (an admin issuing or resetting the account) must be
  changed at the next sign-in; every password expires after `PASSWORD_MAX_AGE_DAYS`
  (180 by default; 0 turns the expiry off). `security.guards` enforces both.

Who set a password is known from the request being served (`current_user`, set by
`security.guards.AccountGuardMiddleware`): Django calls every validator's
`password_changed` after the new hash is saved (`AbstractBaseUser.save`).
"""

import contextvars
import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccountSecurity, PasswordRecord

current_user = contextvars.ContextVar("gxpt_current_user", default=None)

CLASSES = (
    ("小写字母", set(string.ascii_lowercase)),
    ("大写字母", set(string.ascii_uppercase)),
    ("数字", set(string.digits)),
)


def classes_in(password: str) -> int:
    found = sum(1 for _label, chars in CLASSES if any(ch in chars for ch in password))
    others = any(not (ch.isascii() and ch.isalnum()) for ch in password)
    return found + int(others)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if classes_in(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、其他字符四类中的至少 %(n)d 类。"),
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、其他字符四类中的至少 %(n)d 类。") % {
            "n": self.min_classes
        }


def history_count() -> int:
    return int(getattr(settings, "PASSWORD_HISTORY_COUNT", 5))


class PasswordHistoryValidator:
    """Refuses the current password and the last few; records every new one."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return

        hashes = list(
            PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[
                : history_count()
            ]
        )
        stored = type(user).objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if stored:
            hashes.append(stored)
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                _("不能使用最近 %(n)d 次用过的密码。"),
                code="password_reused",
                params={"n": history_count()},
            )

    def password_changed(self, password, user=None):
        if user is None or not user.pk:
            return

        PasswordRecord.objects.create(user=user, password=user.password)
        keep = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[
            : history_count()
        ]
        PasswordRecord.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        actor = current_user.get()
        set_by_other = actor is not None and actor.pk != user.pk
        AccountSecurity.objects.update_or_create(
            user=user,
            defaults={"password_changed_at": timezone.now(), "must_change_password": set_by_other},
        )

    def get_help_text(self):
        return _("不能使用最近 %(n)d 次用过的密码。") % {"n": history_count()}


def password_expired(state) -> bool:
    days = int(getattr(settings, "PASSWORD_MAX_AGE_DAYS", 180))
    if not days or state.password_changed_at is None:
        return False
    return timezone.now() - state.password_changed_at > timezone.timedelta(days=days)
