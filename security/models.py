"""What the security baseline keeps per user: password history and state, session cut-off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordRecord(models.Model):
    """A password hash the user had, so the last few cannot be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_records"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class AccountSecurity(models.Model):
    """Per user: when the password last changed, whether it must change, which sessions count."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security"
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    sessions_valid_after = models.DateTimeField(_("此时间之前的会话失效"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user) -> "AccountSecurity":
        state, _created = cls.objects.get_or_create(user=user)
        return state
