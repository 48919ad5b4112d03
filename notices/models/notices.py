"""The notices themselves (政策法规, 公示公告): the marks of an official document, the body and
the attachments; level and district follow the page's place in the tree."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..serializers import AttachmentSerializer, AttachmentTitleField, DistrictSerializer
from .sections import DistrictNoticeIndexPage


class NoticeLevel(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")


class NoticeBody(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("小标题"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("段落"))
    quote = blocks.BlockQuoteBlock(label=_("引用"))
    # The documents' own tables (附件1's taxonomy): a table, not tab-separated text.
    table = TableBlock(label=_("表格"))


class NoticePage(Page):
    """What policies and announcements share: the marks of an official document."""

    issuing_body = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issue_date = models.DateField(_("发文日期"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    expiry_date = models.DateField(_("废止/失效日期"), null=True, blank=True)
    level = models.CharField(
        _("层级"), max_length=10, choices=NoticeLevel.choices, default=NoticeLevel.CITY
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("摘要"), blank=True)
    body = StreamField(NoticeBody(), verbose_name=_("正文"), blank=True)

    # Level and district are not edited: they follow the page's place in the tree.
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("issuing_body"),
                FieldPanel("document_number"),
                FieldPanel("issue_date"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
            ],
            heading=_("文件信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    api_fields = [
        APIField("issuing_body"),
        APIField("document_number"),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("level"),
        APIField("district", serializer=DistrictSerializer()),
        APIField("summary"),
        APIField("body"),
        APIField("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_body"),
        index.SearchField("body"),
    ]
    subpage_types: list[str] = []
    shared_template = "notices/notice_page.html"

    def get_template(self, request, *args, **kwargs):
        # Wagtail derives `template` per concrete class; the subclasses share one.
        return self.shared_template

    class Meta:
        abstract = True

    def place_in_tree(self):
        """(level, district) that the page's position decides, or None before it has one."""
        if not self.path or self.depth <= 1:
            return None
        parent = self.get_parent().specific
        if isinstance(parent, DistrictNoticeIndexPage):
            return NoticeLevel.DISTRICT, parent.district
        return NoticeLevel.CITY, None

    def clean(self):
        super().clean()
        place = self.place_in_tree()
        if place is not None:
            self.level, self.district = place
        if self.level == NoticeLevel.DISTRICT and self.district_id is None:
            raise ValidationError({"district": _("区级公告必须指定所属的区")})
        if self.level == NoticeLevel.CITY:
            self.district = None
        if self.effective_date and self.expiry_date and self.expiry_date < self.effective_date:
            raise ValidationError({"expiry_date": _("失效日期不能早于施行日期")})

    @property
    def level_label(self):
        if self.level == NoticeLevel.DISTRICT and self.district_id:
            return self.district.name
        return self.get_level_display()

    def attachment_list(self):
        return list(self.attachments.select_related("document"))


class NoticeAttachment(Orderable):
    """A file attached to a notice (附件), a Wagtail document with the title the notice gives it."""

    title = models.CharField(
        _("附件名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [
        APIField("title", serializer=AttachmentTitleField(source="*")),
        APIField("file", serializer=AttachmentSerializer(source="*")),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title


class PolicyPage(NoticePage):
    parent_page_types = ["notices.PolicyIndexPage", "notices.DistrictNoticeIndexPage"]

    class Meta:
        verbose_name = _("政策法规")


class PolicyAttachment(NoticeAttachment):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(NoticeAttachment.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class AnnouncementPage(NoticePage):
    parent_page_types = ["notices.AnnouncementIndexPage", "notices.DistrictNoticeIndexPage"]

    class Meta:
        verbose_name = _("公示公告")


class AnnouncementAttachment(NoticeAttachment):
    page = ParentalKey(AnnouncementPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(NoticeAttachment.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
