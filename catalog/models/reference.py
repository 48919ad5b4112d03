"""Reference data shipped with the platform: the 16 districts and the service-domain taxonomy.

Both are loaded by data migrations (files in catalog/data/) and stay editable by
city admins afterwards.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=10, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("区")
        verbose_name_plural = _("区")

    def __str__(self):
        return self.name


CODE = re.compile(r"[1-9]\d?(\.[1-9]\d?)?")


class ServiceDomainQuerySet(models.QuerySet):
    def first_level(self):
        return self.filter(parent__isnull=True)

    def second_level(self):
        return self.filter(parent__isnull=False)

    def classifiable(self):
        """Entries a listing may carry: second-level ones, and first-level ones without children (13 其他)."""
        return self.filter(
            models.Q(parent__isnull=False) | models.Q(children__isnull=True)
        ).distinct()


class ServiceDomain(models.Model):
    """One entry of 上海市承接政府购买服务社会组织业务领域目录 (沪社服发〔2021〕5号 附件1)."""

    code = models.CharField(_("序号"), max_length=8, unique=True, help_text=_("如 6 或 6.10"))
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("一级目录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Numeric sort keys, so that 6.10 sorts after 6.9.
    major = models.PositiveSmallIntegerField(editable=False, default=0)
    minor = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = ServiceDomainQuerySet.as_manager()

    class Meta:
        ordering = ["major", "minor"]
        verbose_name = _("业务领域")
        verbose_name_plural = _("业务领域")

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        major, _sep, minor = self.code.partition(".")
        self.major, self.minor = int(major), int(minor or 0)
        super().save(*args, **kwargs)

    def clean(self):
        if not CODE.fullmatch(self.code or ""):
            raise ValidationError({"code": _("序号格式应为“6”或“6.10”")})
        major, _sep, minor = self.code.partition(".")
        if minor and (self.parent is None or self.parent.code != major):
            raise ValidationError({"parent": _("二级目录的序号须以其一级目录的序号开头")})
        if not minor and self.parent_id:
            raise ValidationError({"parent": _("一级目录不能再有上级目录")})

    @property
    def level(self) -> int:
        return 2 if self.parent_id else 1

    @property
    def first_level(self) -> "ServiceDomain":
        return self.parent if self.parent_id else self
