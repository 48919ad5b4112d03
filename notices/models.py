"""Page types of the public site: home, the auxiliary boards and the notices themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalog.DemandIndexPage",
        "catalog.SupplyIndexPage",
        "nominations.DirectoryIndexPage",
        "notices.PolicyIndexPage",
        "notices.AnnouncementIndexPage",
        "notices.DownloadIndexPage",
        "notices.LinkIndexPage",
        "notices.MessageBoardPage",
    ]

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notice_blocks"] = [
            {
                "page": index,
                "items": model.objects.live().order_by("-issue_date", "-first_published_at")[:8],
            }
            for index, model in (
                (PolicyIndexPage.objects.live().first(), PolicyPage),
                (AnnouncementIndexPage.objects.live().first(), AnnouncementPage),
            )
            if index is not None
        ]
        return context


class SectionPage(Page):
    """An index page of the site map; its children are what the section lists."""

    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    shared_template = "notices/section_page.html"

    def get_template(self, request, *args, **kwargs):
        # Wagtail derives `template` per concrete class; the subclasses share one.
        return self.shared_template

    class Meta:
        abstract = True


class PolicyIndexPage(SectionPage):
    subpage_types = ["notices.PolicyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("政策法规栏目")


class AnnouncementIndexPage(SectionPage):
    subpage_types = ["notices.AnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("公示公告栏目")


class DownloadIndexPage(SectionPage):
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("资料下载栏目")


class LinkIndexPage(SectionPage):
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("友情链接栏目")


class MessageBoardPage(SectionPage):
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("留言区")


class NoticeLevel(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")


class NoticeBody(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("小标题"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("段落"))
    quote = blocks.BlockQuoteBlock(label=_("引用"))


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

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("issuing_body"),
                FieldPanel("document_number"),
                FieldPanel("issue_date"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
                FieldPanel("level"),
                FieldPanel("district"),
            ],
            heading=_("文件信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
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


class PolicyPage(NoticePage):
    parent_page_types = ["notices.PolicyIndexPage"]

    class Meta:
        verbose_name = _("政策法规")


class AnnouncementPage(NoticePage):
    parent_page_types = ["notices.AnnouncementIndexPage"]

    class Meta:
        verbose_name = _("公示公告")
