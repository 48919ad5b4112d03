"""An application (申报) of a provider in a round; its history is its Wagtail log entries."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.listings import cross_field_problems
from security.files import VerifiedFileField

from ..preferred import annotate_checks
from ..uploads import forms_path, validate_stamped_scan
from .choices import Origin, RereviewResult, Status
from .rounds import Round

# 附件2 (购买主体推荐意见表): 「项目概述（500字以内）」.
SUMMARY_MAX_LENGTH = 500


class ApplicationQuerySet(models.QuerySet):
    def with_review_context(self):
        """Everything a queue row shows, in one query: provider record and the preferred checks."""
        return annotate_checks(
            # Not the listing: a row needs only its purchased_before (annotated), not its texts.
            self.select_related("round", "provider__district", "domain__parent")
        )


class Application(models.Model):
    """One nominated project (佐证项目) of a provider in a round."""

    MAX_PER_PROVIDER = 2

    round = models.ForeignKey(
        Round, verbose_name=_("推荐轮次"), on_delete=models.PROTECT, related_name="applications"
    )
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="nomination_applications",
    )
    listing = models.ForeignKey(
        "catalog.SupplyListing",
        verbose_name=_("佐证项目"),
        on_delete=models.PROTECT,
        related_name="nomination_applications",
        help_text=_("从本机构已在平台发布的服务项目中选择"),
    )
    # Copied from the listing when saved, so the directory keeps what was reviewed.
    title = models.CharField(_("项目名称"), max_length=200)
    domain = models.ForeignKey(
        "catalog.ServiceDomain",
        verbose_name=_("业务领域"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    purchaser_name = models.CharField(_("购买主体"), max_length=200)
    total_amount = models.DecimalField(
        _("项目总体金额（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    implemented_amount = models.DecimalField(
        _("实施金额（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    government_amount = models.DecimalField(
        _("政府购买或资助金额（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    period_start = models.DateField(_("实施开始日期"))
    period_end = models.DateField(_("实施结束日期"))
    two_years_or_more = models.BooleanField(_("项目实施2年以上"), default=False)
    summary = models.TextField(
        _("项目概述"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_(
            "500字以内：项目所针对的问题、服务对象或受益人群、要达成的目标、做法和主要成效（附件2）"
        ),
    )
    results = models.TextField(_("实施效果"))
    recommendation_form = VerifiedFileField(
        _("购买主体推荐意见表（盖章）"),
        upload_to=forms_path,
        blank=True,
        validators=[validate_stamped_scan],
        help_text=_("盖章后的扫描件或照片：JPG、PNG 或 PDF，不超过 10 MB"),
    )
    origin = models.CharField(
        _("属性"), max_length=20, choices=Origin.choices, default=Origin.NEW, db_index=True
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("上年申报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SAVED, db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    last_opinion = models.TextField(_("最近审核意见"), blank=True, editable=False)
    rereview_result = models.CharField(
        _("复审结果"),
        max_length=10,
        choices=RereviewResult.choices,
        blank=True,
        default="",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("推荐目录申报")
        verbose_name_plural = _("推荐目录申报")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["round", "provider"]),
            # The queues' order: the first page is read off the index, not sorted.
            models.Index(fields=["submitted_at", "id"], name="application_queue_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "listing"], name="one_application_per_listing_and_round"
            )
        ]

    def __str__(self):
        return f"{self.provider} — {self.title}"

    def clean(self):
        errors = {}
        if self.listing_id and self.provider_id:
            listing = self.listing
            if listing.provider_id != self.provider_id:
                errors["listing"] = _("只能选择本机构的服务项目")
            elif not listing.is_public:
                errors["listing"] = _("只能选择已在平台发布的服务项目")
        if self.round_id and self.provider_id and not self.pk:
            taken = Application.objects.filter(round_id=self.round_id, provider_id=self.provider_id)
            if taken.count() >= self.MAX_PER_PROVIDER:
                errors["listing"] = _("每个社会组织每年度最多申报 2 个项目")
        if self.round_id and self.listing_id:
            duplicate = Application.objects.filter(
                round_id=self.round_id, listing_id=self.listing_id
            ).exclude(pk=self.pk)
            if duplicate.exists():
                errors["listing"] = _("该项目已在本年度申报")
        # The figures are a supply listing's: the listing's rules and messages apply.
        errors.update(
            cross_field_problems(self, within_total=("implemented_amount", "government_amount"))
        )
        if errors:
            raise ValidationError(errors)

    def fill_from_listing(self):
        """Take the project's name, domain and purchase block from the chosen listing."""
        listing = self.listing
        self.title = listing.title
        self.domain_id = listing.domain_id
        if not self.purchaser_name:
            self.purchaser_name = listing.purchaser_display or ""
        if not self.summary and len(listing.summary or "") <= SUMMARY_MAX_LENGTH:
            self.summary = listing.summary or ""
        for field in ("total_amount", "implemented_amount", "government_amount", "results"):
            if getattr(self, field) in (None, "") and getattr(listing, field, None) is not None:
                setattr(self, field, getattr(listing, field))
        for field in ("period_start", "period_end"):
            if getattr(self, field) is None:
                setattr(self, field, getattr(listing, field))

    @property
    def is_city_registered(self) -> bool:
        return self.provider.registration_level == "city"
