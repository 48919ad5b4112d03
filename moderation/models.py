"""Flags on records, the audit trail of what moderators did, objections and credit repair,
public reports and the message board.

A Flag is one finding of one rule (or one public report) on one record: a
listing, a purchaser or a provider (generic relation). Re-running the rules
never duplicates an open flag (same record, rule and key); fixing the content
resolves it automatically. Every action on a flag is a FlagAction row with who,
when and the written opinion: that table is the audit trail.

An Objection is a publisher's 异议 against a decision on its own record (a confirmed
or correction-requested flag, or a credit event) or its 信用修复 application once the
problem is corrected; the centre answers it by a deadline (moderation/objections.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from security.files import VerifiedFileField, content_named_path

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
    OBJECT = "object", _("发布方提出异议")
    OBJECTION_UPHELD = "objection_upheld", _("异议成立")
    OBJECTION_REJECTED = "objection_rejected", _("异议不成立")
    REPAIR_APPLY = "repair_apply", _("发布方申请信用修复")
    REPAIR_GRANTED = "repair_granted", _("准予信用修复")
    REPAIR_REFUSED = "repair_refused", _("不予信用修复")
    WITHDRAW = "withdraw", _("发布方撤回申请")


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


class ObjectionKind(models.TextChoices):
    OBJECTION = "objection", _("异议")
    REPAIR = "repair", _("信用修复申请")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")
    GRANTED = "granted", _("准予信用修复")
    REFUSED = "refused", _("不予信用修复")
    WITHDRAWN = "withdrawn", _("已撤回")


class Objection(models.Model):
    """A publisher's objection to a decision on its own record, or its credit-repair application.

    The target is a flag (with its credit event, if the flag created one) or a credit
    event alone; one pending objection or application per target. The publisher and
    district are copied from the target: who may see it (accounts.scope), who is told.
    """

    scope = Scope(provider="provider", purchaser="purchaser", district="district")

    kind = models.CharField(
        _("类型"), max_length=10, choices=ObjectionKind.choices, default=ObjectionKind.OBJECTION
    )
    flag = models.ForeignKey(
        Flag,
        verbose_name=_("监测标记"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    credit_event = models.ForeignKey(
        "catalog.CreditEvent",
        verbose_name=_("信用记录"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    target_label = models.CharField(_("涉及记录"), max_length=250)
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    purchaser = models.ForeignKey(
        "catalog.Purchaser",
        verbose_name=_("购买主体"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reasons = models.TextField(_("理由"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
        db_index=True,
    )
    deadline = models.DateField(_("答复期限"), db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # When the centre was reminded of the coming deadline (once per objection).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("异议与信用修复")
        verbose_name_plural = _("异议与信用修复")
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["flag"],
                condition=models.Q(status="pending"),
                name="one_pending_objection_per_flag",
            ),
            models.UniqueConstraint(
                fields=["credit_event"],
                condition=models.Q(status="pending"),
                name="one_pending_objection_per_credit_event",
            ),
            models.CheckConstraint(
                condition=models.Q(flag__isnull=False) | models.Q(credit_event__isnull=False),
                name="objection_has_a_target",
            ),
        ]
        permissions = [("answer_objection", _("可答复异议和信用修复申请"))]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.target_label}"

    @property
    def is_pending(self) -> bool:
        return self.status == ObjectionStatus.PENDING


def evidence_path(instance, filename: str) -> str:
    # Never the given name: an unguessable one with the verified type's extension.
    return content_named_path("moderation/evidence", filename)


class ObjectionEvidence(models.Model):
    """An evidence file of an objection: verified by its content, served only through a
    permission-checked view (viewsets.evidence_view), never from MEDIA_URL."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("异议"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = VerifiedFileField(_("证据材料"), upload_to=evidence_path)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["id"]

    def __str__(self):
        return _("证据材料 %d") % self.pk


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
