"""The two boards' records: demand listings (需求项目) and supply listings (服务项目).

Both have a draft/published life (Wagtail's DraftStateMixin) and a revision
history; unpublishing or cancelling keeps the record. Private contact details
(contact person, phone, e-mail) are never shown to visitors: see PRIVATE_FIELDS.
They are not in Wagtail's own search index: the search/ app indexes them
(catalog/documents.py), on publish.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OrderBy
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, RevisionMixin

from accounts.scope import Scope

# Shown to signed-in purchasers and providers (and admins), never to visitors,
# in pages, the API and the search index alike.
PRIVATE_FIELDS = ("contact_person", "phone", "email")


class PurchaseMethod(models.TextChoices):
    OPEN_TENDER = "open_tender", _("公开招标")
    INVITED_TENDER = "invited_tender", _("邀请招标")
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", _("竞争性谈判")
    COMPETITIVE_CONSULTATION = "competitive_consultation", _("竞争性磋商")
    SINGLE_SOURCE = "single_source", _("单一来源采购")


class DemandStatus(models.TextChoices):
    # A line of the purchaser's yearly plan (`001` art. 4(3): published by 30 April), its
    # budget not yet approved; it becomes an open listing through catalog.planning.
    PLANNED = "planned", _("拟购买")
    PUBLISHED = "published", _("已发布")
    CHANGED = "changed", _("已变更")
    CANCELLED = "cancelled", _("已取消")
    CONTRACTED = "contracted", _("已确定承接主体")
    EVALUATED = "evaluated", _("已完成绩效评价")


class EvaluationResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ListingQuerySet(models.QuerySet):
    def public(self):
        """What visitors may see: published and not hidden by the monitoring centre."""
        return self.filter(live=True, hidden_at__isnull=True)


# The cross-field rules of a listing, one message each. nominations.Application
# copies a supply listing's fields and uses the same rules.
PERIOD_REVERSED = _("实施结束日期不能早于开始日期")
ABOVE_TOTAL = {
    "implemented_amount": _("实施金额不能超过项目总体金额"),
    "government_amount": _("政府购买或资助金额不能超过项目总体金额"),
}


PLANNED_APPROVED = _(
    "拟购买项目的预算尚未批复，请留空预算批复日期；预算批复后，请使用「预算已批复，转为正式需求」。"
)


def cross_field_problems(record, within_total=("implemented_amount",)) -> dict[str, str]:
    """Contradictions between a record's fields, {field name: message}; empty when they agree.

    Raises nothing, so that monitoring can report the same problems as findings.
    `within_total` names the amounts that may not exceed `total_amount`: a
    supply listing refuses an implemented amount above the total when saved,
    while a government amount above it only blocks publishing (monitoring's
    amounts rule asks for both).
    """
    problems = {}
    start, end = getattr(record, "period_start", None), getattr(record, "period_end", None)
    if start and end and end < start:
        problems["period_end"] = PERIOD_REVERSED
    total = getattr(record, "total_amount", None)
    if total is not None:
        for name in within_total:
            value = getattr(record, name)
            if value is not None and value > total:
                problems[name] = ABOVE_TOTAL[name]
    return problems


class BoardOrderIndex(models.Index):
    """An index in the boards' order, NULLs of a descending column last on every database.

    PostgreSQL needs `NULLS LAST` to match the boards' `ORDER BY`; SQLite already sorts
    NULLs last in a descending column and refuses `NULLS LAST` in an index, so there
    the index is created without it.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            plain = self.clone()
            plain.expressions = tuple(
                OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                for e in self.expressions
            )
            return super(BoardOrderIndex, plain).create_sql(model, schema_editor, using, **kwargs)
        return super().create_sql(model, schema_editor, using, **kwargs)


def listing_indexes(prefix: str) -> list:
    """Indexes for the public boards' filtering and ordering at 100k+ rows."""
    public = models.Q(live=True, hidden_at__isnull=True)
    return [
        models.Index(fields=["-year", "-id"], condition=public, name=f"{prefix}_public_recent"),
        # The boards' own order (catalog.filters.board_listings): a page of 20 is read from
        # the index instead of sorting every public listing of the newest year.
        BoardOrderIndex(
            F("year").desc(),
            F("first_published_at").desc(nulls_last=True),
            F("id").desc(),
            condition=public,
            name=f"{prefix}_public_board",
        ),
        models.Index(fields=["domain", "-year"], condition=public, name=f"{prefix}_public_domain"),
        models.Index(
            fields=["district", "-year"], condition=public, name=f"{prefix}_public_district"
        ),
        # Covers the count of a year + domain filter (the boards' commonest pair).
        models.Index(
            fields=["year", "domain"], condition=public, name=f"{prefix}_public_year_domain"
        ),
    ]


def listing_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=models.Q(period_start__isnull=True)
            | models.Q(period_end__isnull=True)
            | models.Q(period_end__gte=models.F("period_start")),
            name=f"{prefix}_period_in_order",
        ),
        models.CheckConstraint(
            condition=models.Q(year__gte=2000, year__lte=2100), name=f"{prefix}_year_sane"
        ),
    ]


def non_negative(prefix: str, *fields: str) -> list:
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__gte": 0}),
            name=f"{prefix}_{name}_non_negative",
        )
        for name in fields
    ]


class Listing(DraftStateMixin, RevisionMixin, models.Model):
    """What both kinds of listing share."""

    title = models.CharField(_("项目名称"), max_length=200)
    domain = models.ForeignKey(
        "catalog.ServiceDomain",
        verbose_name=_("业务领域"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=models.Q(parent__isnull=False) | models.Q(code="13"),
    )
    summary = models.TextField(_("项目概述"), blank=True)
    service_targets = models.CharField(_("服务对象"), max_length=200, blank=True)
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("实施区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("实施地点"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("项目年度"), db_index=True)
    period_start = models.DateField(_("实施开始日期"), null=True, blank=True)
    period_end = models.DateField(_("实施结束日期"), null=True, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Set by the monitoring centre (内容监测) to take a record off the public site
    # without unpublishing it; the publisher still sees and can correct it.
    hidden_at = models.DateTimeField(_("屏蔽时间"), null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("屏蔽原因"), blank=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        # A draft may be saved before it has a title (Wagtail defers required fields of drafts).
        return self.title or str(_("（未填写项目名称）"))

    # Amounts refused above the total when saved (see cross_field_problems).
    AMOUNTS_WITHIN_TOTAL: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        problems = cross_field_problems(self, self.AMOUNTS_WITHIN_TOTAL)
        if problems:
            raise ValidationError(problems)

    @property
    def is_public(self) -> bool:
        return self.live and self.hidden_at is None

    def missing_fields(self) -> list[tuple[str, bool]]:
        # Imported here: catalog.checks imports these models.
        from ..checks import missing_fields

        return missing_fields(self)


class DemandListing(Listing):
    """需求项目 — a purchaser's service need, board 「我要购买服务」 (`001` art. 12)."""

    # Which rows each account sees (accounts.scope): its purchaser's, a district by the owner's.
    scope = Scope(purchaser="purchaser", district="purchaser__district")

    purchaser = models.ForeignKey(
        "catalog.Purchaser",
        verbose_name=_("购买主体"),
        on_delete=models.PROTECT,
        related_name="demand_listings",
    )
    budget = models.DecimalField(
        _("预算金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    provider_requirements = models.TextField(_("承接主体资质要求"), blank=True)
    purchase_method = models.CharField(
        _("购买方式"), max_length=30, choices=PurchaseMethod.choices, blank=True
    )
    budget_approved_on = models.DateField(_("预算批复日期"), null=True, blank=True)
    # Until when providers may come forward (contact, register interest); the platform
    # reminds matching providers and followers before it (matching.alerts).
    response_deadline = models.DateField(
        _("对接截止日期"), null=True, blank=True, help_text=_("承接主体联系或报名的截止日期")
    )
    status = models.CharField(
        _("项目状态"),
        max_length=20,
        choices=DemandStatus.choices,
        default=DemandStatus.PUBLISHED,
        db_index=True,
    )
    # When a planned item became an open listing (catalog.planning); the open listing's
    # publication for the alerts and the 20-day rule.
    opened_at = models.DateTimeField(_("转为正式需求时间"), null=True, blank=True, editable=False)
    # After the purchase (`001` art. 4(3), `004` 三(五)).
    chosen_provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("承接社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracted_demands",
    )
    contract_amount = models.DecimalField(
        _("合同金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contracted_on = models.DateField(_("签约日期"), null=True, blank=True)
    evaluation_result = models.CharField(
        _("绩效评价结果"), max_length=20, choices=EvaluationResult.choices, blank=True
    )
    beneficiary_satisfaction = models.DecimalField(
        _("受益对象满意度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    evaluated_on = models.DateField(_("绩效评价日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("需求项目")
        verbose_name_plural = _("需求项目")
        ordering = ["-year", "-id"]
        indexes = [
            *listing_indexes("demand"),
            models.Index(fields=["purchaser", "-year"], name="demand_purchaser_year"),
            models.Index(fields=["budget"], name="demand_budget"),
        ]
        constraints = [
            *listing_constraints("demand"),
            *non_negative("demand", "budget", "contract_amount"),
            # A plan's budget is not approved yet: the approval opens it (catalog.planning).
            models.CheckConstraint(
                condition=~models.Q(status="planned", budget_approved_on__isnull=False),
                name="demand_planned_not_approved",
                violation_error_message=PLANNED_APPROVED,
            ),
            models.CheckConstraint(
                condition=models.Q(beneficiary_satisfaction__isnull=True)
                | models.Q(beneficiary_satisfaction__gte=0, beneficiary_satisfaction__lte=100),
                name="demand_satisfaction_percent",
            ),
        ]

    @property
    def is_planned(self) -> bool:
        return self.status == DemandStatus.PLANNED

    def clean(self):
        # The constraint's rule as a field error, for the admin form and the importer alike.
        problems = {}
        try:
            super().clean()
        except ValidationError as error:
            problems = error.update_error_dict(problems)
        if self.is_planned and self.budget_approved_on:
            problems.setdefault("budget_approved_on", []).append(PLANNED_APPROVED)
        if problems:
            raise ValidationError(problems)


class SupplyListing(Listing):
    """服务项目 — a provider's service offer, board 「我要提供服务」 (`001` art. 13)."""

    scope = Scope(provider="provider", district="provider__district")

    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="supply_listings",
    )
    # The "purchased before" block: a project this provider delivered for a purchaser.
    purchased_before = models.BooleanField(_("曾承接政府购买服务"), default=False)
    purchaser = models.ForeignKey(
        "catalog.Purchaser",
        verbose_name=_("购买主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supply_listings",
    )
    purchaser_name = models.CharField(
        _("购买主体名称"), max_length=200, blank=True, help_text=_("购买主体未在平台注册时填写")
    )
    total_amount = models.DecimalField(
        _("项目总体金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    implemented_amount = models.DecimalField(
        _("实施金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    government_amount = models.DecimalField(
        _("政府购买或资助金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    results = models.TextField(_("项目成效"), blank=True)

    AMOUNTS_WITHIN_TOTAL = ("implemented_amount",)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["-year", "-id"]
        indexes = [
            *listing_indexes("supply"),
            models.Index(fields=["provider", "-year"], name="supply_provider_year"),
            models.Index(fields=["total_amount"], name="supply_total_amount"),
        ]
        constraints = [
            *listing_constraints("supply"),
            *non_negative("supply", "total_amount", "implemented_amount", "government_amount"),
        ]

    @property
    def purchaser_display(self) -> str:
        return self.purchaser.name if self.purchaser_id else self.purchaser_name

    @property
    def implemented_two_years_or_more(self) -> bool | None:
        if not (self.period_start and self.period_end):
            return None
        return (self.period_end - self.period_start).days >= 730 - 1
