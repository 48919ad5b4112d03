"""Who a user acts for: a provider, a purchaser, a district (district admins) or the city.

Accounts are issued by city and district admins; there is no self sign-up. The
role decides the user's group (admin menus), the scope decides which records
the user may touch.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gxpt.roles import Role


class Account(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name=_("用户"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    purchaser = models.ForeignKey(
        "catalog.Purchaser",
        verbose_name=_("购买主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        help_text=_("区民政局管理员所属的区"),
    )
    phone = models.CharField(_("手机"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        from gxpt.groups import group_for
        from gxpt.roles import GROUP_NAMES

        super().save(*args, **kwargs)
        # The role's group carries the admin menus; other role groups go.
        role_groups = self.user.groups.filter(name__in=GROUP_NAMES.values())
        self.user.groups.remove(*role_groups.exclude(name=GROUP_NAMES[self.role]))
        self.user.groups.add(group_for(self.role))

    SCOPE_FIELD = {
        Role.PROVIDER: "provider",
        Role.PURCHASER: "purchaser",
        Role.DISTRICT_ADMIN: "district",
    }

    def clean(self):
        wanted = self.SCOPE_FIELD.get(self.role)
        for field in ("provider", "purchaser", "district"):
            value = getattr(self, f"{field}_id")
            if field == wanted and not value:
                raise ValidationError({field: _("该角色必须指定所属单位")})
            if field != wanted and value:
                raise ValidationError({field: _("该角色不应指定此项")})

    @property
    def scope_district_id(self):
        """The district whose records this account administers, if it is a district admin."""
        return self.district_id if self.role == Role.DISTRICT_ADMIN else None
