"""Who a user acts for: a provider, a purchaser, a district (district admins) or the city.

Accounts are issued by city and district admins; there is no self sign-up. The
role decides the user's group (admin menus), what the account acts for decides
which records the user may touch (accounts.scope).

The table is still `catalog_account`: the model moved here from catalog with its
rows (migration accounts.0001). The organizations and districts it points to are
catalog's, named by string so this app imports nothing above it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .groups import sync_user_role_group
from .roles import Role


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
        db_table = "catalog_account"
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        sync_user_role_group(self.user, self.role)
        self._loaded = self._tracked_values()

    # What the account acts for; receivers of post_save ask `changed_fields()`
    # to do their set-up only when one of these changed.
    TRACKED_FIELDS = ("role", "provider_id", "purchaser_id", "district_id")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = instance._tracked_values()
        return instance

    def _tracked_values(self) -> dict:
        deferred = self.get_deferred_fields()  # attnames, e.g. "district_id"
        return {name: getattr(self, name) for name in self.TRACKED_FIELDS if name not in deferred}

    def changed_fields(self) -> set[str]:
        """Tracked fields whose value differs from the stored row (all of them for a new row)."""
        loaded = getattr(self, "_loaded", None)
        if loaded is None:
            return set(self.TRACKED_FIELDS)
        return {
            name
            for name in self.TRACKED_FIELDS
            if name not in loaded or getattr(self, name) != loaded[name]
        }

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
