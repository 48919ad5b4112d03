"""What reviewing a round produces besides status changes: the districts' stamped summaries,
the experts' re-reviews and the objections lodged during the public notice."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.files import VerifiedFileField

from ..uploads import summaries_path, validate_stamped_scan
from .applications import Application
from .rounds import Round


class DistrictSummary(models.Model):
    """A district's stamped summary table (附件3) of a round, uploaded back by its bureau."""

    round = models.ForeignKey(
        Round, verbose_name=_("推荐轮次"), on_delete=models.CASCADE, related_name="summaries"
    )
    district = models.ForeignKey(
        "catalog.District", verbose_name=_("区"), on_delete=models.PROTECT, related_name="+"
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    stamped_scan = VerifiedFileField(
        _("盖章汇总表扫描件"),
        upload_to=summaries_path,
        validators=[validate_stamped_scan],
        help_text=_("加盖区民政局公章后的扫描件：JPG、PNG 或 PDF，不超过 10 MB"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("区级推荐汇总表")
        verbose_name_plural = _("区级推荐汇总表")
        ordering = ["-round__year", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "district"], name="one_summary_per_district")
        ]

    def __str__(self):
        return f"{self.round.year} {self.district}"


class ExpertReview(models.Model):
    """Re-review (复审): an application assigned by the service centre to an expert."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.CASCADE,
        related_name="expert_reviews",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审专家"),
        on_delete=models.PROTECT,
        related_name="nomination_reviews",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分配人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    score = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("评审意见"), blank=True)
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家复审")
        verbose_name_plural = _("专家复审")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="one_review_per_expert")
        ]

    def __str__(self):
        return f"{self.application} / {self.expert}"


class Objection(models.Model):
    """An objection lodged during the public notice; it must be answered before publication."""

    round = models.ForeignKey(
        Round, verbose_name=_("推荐轮次"), on_delete=models.CASCADE, related_name="objections"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("涉及项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    name = models.CharField(_("姓名或单位"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    content = models.TextField(_("异议内容"), max_length=2000)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["answered_at", "-created_at"]

    def __str__(self):
        return f"{self.name}：{self.content[:30]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answered_at)
