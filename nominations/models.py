"""Nomination rounds, applications, their review, and the published directory.

The statuses and who may move an application between them live in
`workflow.py` (one transition table); this module only stores things.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from security.files import VerifiedFileField

from .uploads import forms_path, summaries_path, validate_stamped_scan


class DirectoryIndexPage(Page):
    """推荐目录: the board that lists each year's published directory."""

    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    subpage_types = ["nominations.DirectoryYearPage"]
    max_count = 1
    template = "notices/section_page.html"
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("推荐目录栏目")


class Status(models.TextChoices):
    """The seven statuses of `000` attachment 4, exactly as named there."""

    SAVED = "saved", _("已保存")
    SUBMITTED = "submitted", _("已提交")
    DISTRICT_RETURNED = "district_returned", _("区级退回")
    CITY_RETURNED = "city_returned", _("市级退回")
    DISTRICT_APPROVED = "district_approved", _("区级同意")
    CITY_APPROVED = "city_approved", _("市级同意")
    REFUSED = "refused", _("不同意")


class Origin(models.TextChoices):
    CARRIED_OVER = "carried_over", _("原有")
    NEW = "new", _("新增")


class RereviewResult(models.TextChoices):
    PENDING = "", _("待定")
    PASSED = "passed", _("通过复审")
    FAILED = "failed", _("未通过复审")


class Window(models.TextChoices):
    SELF_NOMINATION = "self_nomination", _("自荐")
    FIRST_REVIEW = "first_review", _("初审")
    REREVIEW = "rereview", _("复审")
    NOTICE = "notice", _("公示")
    PUBLICATION = "publication", _("发布")


class Round(models.Model):
    """One year's directory (e.g. 2021版) and its windows, set by city admins."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(
        _("名称"), max_length=200, blank=True, help_text=_("留空则为“YYYY年度推荐目录”")
    )
    self_nomination_start = models.DateField(_("自荐开始"))
    self_nomination_end = models.DateField(_("自荐截止"))
    first_review_end = models.DateField(_("初审截止"))
    rereview_end = models.DateField(_("复审截止"))
    notice_start = models.DateField(_("公示开始"))
    notice_end = models.DateField(_("公示截止"))
    publication_by = models.DateField(_("发布截止"))
    notice_page = models.ForeignKey(
        "notices.AnnouncementPage",
        verbose_name=_("公示页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    directory_page = models.ForeignKey(
        "nominations.DirectoryYearPage",
        verbose_name=_("目录页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("推荐轮次")
        verbose_name_plural = _("推荐轮次")

    def __str__(self):
        return self.title or f"{self.year}年度推荐目录"

    def clean(self):
        dates = [
            self.self_nomination_start,
            self.self_nomination_end,
            self.first_review_end,
            self.rereview_end,
            self.notice_start,
            self.notice_end,
            self.publication_by,
        ]
        if all(dates) and any(a > b for a, b in zip(dates, dates[1:], strict=False)):
            raise ValidationError(
                _(
                    "各阶段时间须依次排列：自荐开始 ≤ 自荐截止 ≤ 初审截止 ≤ 复审截止 ≤ 公示开始 ≤ 公示截止 ≤ 发布截止"
                )
            )

    def window_bounds(self, window: str) -> tuple[datetime.date, datetime.date]:
        return {
            Window.SELF_NOMINATION: (self.self_nomination_start, self.self_nomination_end),
            # Registration authorities review as submissions arrive, until the first-review deadline.
            Window.FIRST_REVIEW: (self.self_nomination_start, self.first_review_end),
            Window.REREVIEW: (self.self_nomination_start, self.rereview_end),
            Window.NOTICE: (self.notice_start, self.notice_end),
            Window.PUBLICATION: (self.notice_start, self.publication_by),
        }[window]

    def is_open(self, window: str, today: datetime.date | None = None) -> bool:
        start, end = self.window_bounds(window)
        today = today or timezone.localdate()
        return start <= today <= end

    @property
    def display_title(self) -> str:
        return str(self)


class ApplicationQuerySet(models.QuerySet):
    def with_review_context(self):
        """Everything a queue row shows, in one query: provider record and the preferred checks."""
        from .checks import annotate_checks

        return annotate_checks(
            self.select_related(
                "round",
                "provider__district",
                "listing",
                "domain__parent",
            )
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
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("实施结束日期不能早于开始日期")
        if (
            self.total_amount is not None
            and self.implemented_amount is not None
            and self.implemented_amount > self.total_amount
        ):
            errors["implemented_amount"] = _("实施金额不能超过项目总体金额")
        if (
            self.total_amount is not None
            and self.government_amount is not None
            and self.government_amount > self.total_amount
        ):
            errors["government_amount"] = _("政府购买或资助金额不能超过项目总体金额")
        if errors:
            raise ValidationError(errors)

    def fill_from_listing(self):
        """Take the project's name, domain and purchase block from the chosen listing."""
        listing = self.listing
        self.title = listing.title
        self.domain_id = listing.domain_id
        if not self.purchaser_name:
            self.purchaser_name = listing.purchaser_display or ""
        for field in ("total_amount", "implemented_amount", "government_amount", "results"):
            if getattr(self, field) in (None, "") and getattr(listing, field, None) is not None:
                setattr(self, field, getattr(listing, field))
        for field in ("period_start", "period_end"):
            if getattr(self, field) is None:
                setattr(self, field, getattr(listing, field))

    @property
    def is_city_registered(self) -> bool:
        return self.provider.registration_level == "city"


class ApplicationEvent(models.Model):
    """One step in an application's history: append-only (who, when, from, to, opinion)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作方"), max_length=50)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("申报记录")
        verbose_name_plural = _("申报记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(_("申报记录只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("申报记录只能追加，不能删除"))


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


class DirectoryYearPage(Page):
    """The published directory of one year (e.g. 2021版), its entries grouped by domain."""

    year = models.PositiveSmallIntegerField(_("年度"))
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("intro"),
        InlinePanel("entries", label=_("目录条目")),
    ]
    parent_page_types = ["nominations.DirectoryIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.FilterField("year")]
    api_fields = [APIField("year"), APIField("intro"), APIField("entries")]
    template = "nominations/directory_year_page.html"

    class Meta:
        verbose_name = _("年度推荐目录")

    def grouped_entries(self):
        """[(first-level name, [(second-level name, [entries])])] in taxonomy order."""
        groups: dict = {}
        for entry in self.entries.all():
            groups.setdefault(entry.first_domain, {}).setdefault(entry.second_domain, []).append(
                entry
            )
        return [(first, list(seconds.items())) for first, seconds in groups.items()]


class DirectoryEntry(Orderable):
    page = ParentalKey(DirectoryYearPage, related_name="entries", on_delete=models.CASCADE)
    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
    )
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
    )
    # Kept as text: the directory of a year reads as published, whatever is renamed later.
    first_domain = models.CharField(_("一级目录"), max_length=50)
    second_domain = models.CharField(_("二级目录"), max_length=50, blank=True)
    provider_name = models.CharField(_("社会组织全称"), max_length=200)
    project_title = models.CharField(_("项目名称"), max_length=200)
    origin = models.CharField(_("属性"), max_length=20, choices=Origin.choices, blank=True)

    panels = [
        FieldPanel("first_domain"),
        FieldPanel("second_domain"),
        FieldPanel("provider_name"),
        FieldPanel("project_title"),
    ]
    api_fields = [
        APIField("first_domain"),
        APIField("second_domain"),
        APIField("provider_name"),
        APIField("project_title"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")

    def __str__(self):
        return f"{self.provider_name} {self.project_title}"
