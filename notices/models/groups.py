"""Which group publishes a district's notices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictNoticeGroup(models.Model):
    """The group whose members publish a district's notices: its district admins.

    Kept as a row (not found by name) so that renaming a district or the group
    in the admin never loses the link.
    """

    district = models.OneToOneField(
        "catalog.District", verbose_name=_("区"), on_delete=models.CASCADE, related_name="+"
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("用户组"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("区级公告发布组")
        verbose_name_plural = _("区级公告发布组")

    def __str__(self):
        return self.group.name
