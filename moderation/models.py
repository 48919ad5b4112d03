"""Flags on records, the audit trail of what moderators did, public reports and the message board.

A Flag is one finding of one rule (or one public report) on one record: a
listing, a purchaser or a provider (generic relation). Re-running the rules
never duplicates an open flag (same record, rule and key); fixing the content
resolves it automatically. Every action on a flag is a FlagAction row with who,
when and the written opinion: that table is the audit trail.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope

from .rules import rule_label


class Severity(models.TextChoices):
    HIGH = "high", _("严重")
    MEDIUM = "medium", _("一般")
    LOW = "low", _("提示")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    CONFIRMED = "confirmed", _("已认定")
    DISMISSED = "dismissed", _("已驳回")
    RESOLVED = "resolved", _("已整改")


class FlagSource(models.TextChoices):
    RULE = "rule", _("规则监测")
    REPORT = "report", _("公众举报")


class Flag(models.Model):
    # Which flags each account sees (accounts.scope): city-wide users all, a
    # district its district's, a publisher its own.
    scope = Scope(provider="provider", purchaser="purchaser", district="district")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("记录"), max_length=250, blank=True)

    source = models.CharField(
        _("来源"), max_length=10, choices=FlagSource.choices, default=FlagSource.RULE
    )
    rule = models.CharField(_("规则"), max_length=60, db_index=True)
    # Tells apart two findings of one rule on one record (field, matched term, other record).
    key = models.CharField(max_length=64, editable=False)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    blocks = models.BooleanField(_("阻止发布"), default=False)
    message = models.TextField(_("问题说明"))
    field_name = models.CharField(_("字段"), max_length=60, blank=True)
    excerpt = models.TextField(_("证据摘录"), blank=True)
    snapshot = models.JSONField(_("标记时的内容"), default=dict, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=FlagStatus.choices,
        default=FlagStatus.OPEN,
        db_index=True,
    )

    # The publisher and where it is registered: who is notified, who may see it.
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    purchaser = models.ForeignKey(
        "catalog.Purchaser",
        verbose_name=_("购买主体"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    correction_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    credit_event = models.OneToOneField(
        "catalog.CreditEvent",
        verbose_name=_("信用记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flag",
    )
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测标记")
        verbose_name_plural = _("监测标记")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "rule", "key"],
                condition=models.Q(status="open"),
                name="one_open_flag_per_finding",
            )
        ]
        permissions = [
            ("respond_flag", _("可答复本单位的监测标记")),
            ("reverse_credit_event", _("可撤销信用记录")),
            ("view_statistics", _("可查看统计分析")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.rule_label} · {self.target_label}"

    @property
    def rule_label(self) -> str:
        return rule_label(self.rule)

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class ActionKind(models.TextChoices):
    FOUND = "found", _("发现")
    DISMISS = "dismiss", _("驳回")
    REQUEST_CORRECTION = "request_correction", _("要求整改")
    HIDE = "hide", _("屏蔽")
    UNHIDE = "unhide", _("取消屏蔽")
    CONFIRM = "confirm", _("认定虚假夸大")
    RESPOND = "respond", _("发布方答复")
    AUTO_RESOLVE = "auto_resolve", _("内容已修改，自动办结")
    REVERSE_CREDIT = "reverse_credit", _("撤销信用记录")


class FlagAction(models.Model):
    flag = models.ForeignKey(
        Flag, verbose_name=_("监测标记"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("操作"), max_length=20, choices=ActionKind.choices)
    opinion = models.TextField(_("意见"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("处理记录")
        verbose_name_plural = _("处理记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class ReportReason(models.TextChoices):
    FALSE = "false", _("虚假或夸大信息")
    PRIVACY = "privacy", _("泄露个人隐私")
    SECRET = "secret", _("涉及国家秘密或商业秘密")
    DUPLICATE = "duplicate", _("重复发布")
    OUTDATED = "outdated", _("信息过期或失效")
    OTHER = "other", _("其他")


class Report(models.Model):
    """A visitor's or user's report on a public record; it opens a flag in the queue, never a public text."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("举报原因"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("举报内容"))
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    flag = models.ForeignKey(
        Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("公众举报")
        verbose_name_plural = _("公众举报")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_reason_display()} {self.created_at:%Y-%m-%d}"


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("待回复")
    ANSWERED = "answered", _("已回复")
    REJECTED = "rejected", _("不予公开")


class Message(models.Model):
    """留言区: a public message, shown on the site only once an admin has answered it."""

    name = models.CharField(_("称呼"), max_length=40)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True, help_text=_("不公开"))
    subject = models.CharField(_("主题"), max_length=100)
    text = models.TextField(_("留言内容"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
        db_index=True,
    )
    answer = models.TextField(_("回复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("留言时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def is_public(self) -> bool:
        return self.status == MessageStatus.ANSWERED and bool(self.answer.strip())
