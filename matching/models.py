"""What users asked to hear about, and what was already sent (so nothing is sent twice).

- `AlertSettings`: a user's switch for the automatic alerts (on unless unsubscribed);
- `SavedSearch`: a query with filters, immediate or daily digest, and the listings
  already sent for it (`SavedSearchHit`);
- `Follow`: a listing or an organization a user follows;
- `AlertedListing` / `DeadlineReminder`: a demand listing whose new-listing alert
  (deadline reminder) went out: the runs are idempotent by these rows.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope


class AlertSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="alert_settings",
    )
    new_listings = models.BooleanField(_("接收与本机构业务领域相符的新需求项目提醒"), default=True)
    deadline_reminders = models.BooleanField(_("接收需求项目截止提醒"), default=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self):
        return str(self.user)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("即时（有新项目即通知）")
    DAILY = "daily", _("每日汇总")


class SavedSearch(models.Model):
    # Everybody sees only their own saved searches, whatever the role.
    scope = Scope(city=False, own="user")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
        editable=False,
    )
    name = models.CharField(_("名称"), max_length=100)
    query = models.CharField(_("关键词"), max_length=100, blank=True)
    domain = models.ForeignKey(
        "catalog.ServiceDomain",
        verbose_name=_("业务领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("可选一级或二级领域"),
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("实施区域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frequency = models.CharField(
        _("通知频率"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    active = models.BooleanField(_("发送通知"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("最近发送"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("订阅的检索")
        verbose_name_plural = _("订阅的检索")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def search_filters(self) -> dict[str, list]:
        """The search service's filters of this saved search (demand listings only)."""
        filters: dict[str, list] = {"kind": ["demand"]}
        if self.domain_id:
            level = "domain2" if self.domain.parent_id else "domain1"
            filters[level] = [self.domain.code]
        if self.district_id:
            filters["district"] = [self.district.name]
        return filters

    def feed_url(self) -> str:
        """The open-data Atom feed of the same search (opendata's search feed, by its URL
        name: the two apps do not import each other), or "" where it is not routed."""
        try:
            base = reverse("opendata:search-feed")
        except NoReverseMatch:
            return ""
        return f"{base}?{urlencode({'q': self.query, **self.search_filters()}, doseq=True)}"


class SavedSearchHit(models.Model):
    """A demand listing already sent for a saved search."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    listing = models.ForeignKey("catalog.DemandListing", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已推送的检索结果")
        verbose_name_plural = _("已推送的检索结果")
        constraints = [
            models.UniqueConstraint(fields=["search", "listing"], name="saved_search_hit_once")
        ]

    def __str__(self):
        return f"{self.search_id}:{self.listing_id}"


class Target(models.TextChoices):
    DEMAND = "demand", _("需求项目")
    SUPPLY = "supply", _("服务项目")
    PROVIDER = "provider", _("社会组织")
    PURCHASER = "purchaser", _("购买主体")


class Follow(models.Model):
    scope = Scope(city=False, own="user")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="follows",
        editable=False,
    )
    target = models.CharField(_("关注对象"), max_length=10, choices=Target.choices)
    object_id = models.PositiveIntegerField(_("对象编号"))
    label = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(_("关注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关注")
        verbose_name_plural = _("关注")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "target", "object_id"], name="follow_once")
        ]
        indexes = [models.Index(fields=["target", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.get_target_display()}：{self.label}"


class AlertStage(models.TextChoices):
    PLANNED = "planned", _("拟购买")
    OPEN = "open", _("开放对接")


class AlertedListing(models.Model):
    """A demand listing whose new-listing alert went out (to `recipients` users), at which
    stage: a yearly plan's item is alerted as a plan, then once more when it opens."""

    listing = models.OneToOneField(
        "catalog.DemandListing", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    stage = models.CharField(
        _("提醒阶段"), max_length=10, choices=AlertStage.choices, default=AlertStage.OPEN
    )
    alerted_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("已发送的新需求提醒")
        verbose_name_plural = _("已发送的新需求提醒")

    def __str__(self):
        return f"{self.listing_id}"


class DeadlineReminder(models.Model):
    """A demand listing whose deadline reminder went out."""

    listing = models.OneToOneField(
        "catalog.DemandListing", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("已发送的截止提醒")
        verbose_name_plural = _("已发送的截止提醒")

    def __str__(self):
        return f"{self.listing_id} {self.deadline}"
