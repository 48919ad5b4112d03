"""A nomination round: one year's directory, the dates of its windows, and what its calendar did."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Window


class Round(models.Model):
    """One year's directory (e.g. 2021版) and its windows, set by city admins."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(
        _("名称"), max_length=200, blank=True, help_text=_("留空则按年度自动命名，如“2026年度推荐目录”")
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


class RoundMilestone(models.Model):
    """A calendar step a round's scheduled task took once (a reminder sent, a window closed).

    The unique key makes the task idempotent: run twice on the same day, it does nothing more.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("推荐轮次"), on_delete=models.CASCADE, related_name="milestones"
    )
    key = models.CharField(_("事项"), max_length=80)
    done_at = models.DateTimeField(_("时间"), default=timezone.now)
    detail = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("轮次日程记录")
        verbose_name_plural = _("轮次日程记录")
        ordering = ["done_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="one_milestone_per_key")
        ]

    def __str__(self):
        return f"{self.round.year} {self.key}"
