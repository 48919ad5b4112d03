"""A provider's record beyond its registration: annual inspections and credit events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("合格")
    BASICALLY_PASSED = "basically_passed", _("基本合格")
    FAILED = "failed", _("不合格")


class AnnualInspection(models.Model):
    """年度检查 result of one year."""

    # Which rows each account sees (accounts.scope): district admins their district's.
    scope = Scope(district="provider__district")

    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("年检结论"), max_length=20, choices=InspectionResult.choices)

    class Meta:
        verbose_name = _("年度检查")
        verbose_name_plural = _("年度检查")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="one_inspection_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.get_result_display()}"


class CreditEventKind(models.TextChoices):
    FALSE_CLAIM = "false_claim", _("发布虚假、夸大信息")
    SERIOUS_DISHONESTY = "serious_dishonesty", _("列入严重失信主体名单")
    ADMINISTRATIVE_PENALTY = "administrative_penalty", _("行政处罚")
    OTHER = "other", _("其他失信行为")


class CreditEvent(models.Model):
    """A dishonesty event in a provider's credit record (`001` art. 17).

    Seen by the annual inspection and the directory's reviewers. Reversal keeps
    the row (with who, when and why) rather than deleting it.
    """

    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        on_delete=models.CASCADE,
        related_name="credit_events",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=CreditEventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("情况说明"))
    source = models.CharField(
        _("来源"), max_length=200, blank=True, help_text=_("如：内容监测 第123号标记")
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reversed_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reversal_reason = models.TextField(_("撤销理由"), blank=True)

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.provider} {self.get_kind_display()} {self.occurred_on}"

    @property
    def is_active(self) -> bool:
        return self.reversed_at is None
