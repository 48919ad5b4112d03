"""The auxiliary boards: 资料下载 and 友情链接 with their inline items, and the message board."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable

from ..serializers import AttachmentSerializer
from .sections import SectionPage


class DownloadIndexPage(SectionPage):
    """资料下载: forms, templates and manuals, each a Wagtail document."""

    content_panels = [*SectionPage.content_panels, InlinePanel("items", label=_("下载资料"))]
    subpage_types: list[str] = []
    max_count = 1
    shared_template = "notices/download_index_page.html"
    api_fields = [APIField("intro"), APIField("items")]

    class Meta:
        verbose_name = _("资料下载栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = list(self.items.select_related("document"))
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item.get_category_display(), []).append(item)
        context["download_groups"] = groups
        return context


class DownloadCategory(models.TextChoices):
    FORM = "form", _("表格模板")
    MANUAL = "manual", _("使用手册")
    DOCUMENT = "document", _("文件资料")


class DownloadItem(Orderable):
    page = ParentalKey(DownloadIndexPage, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("名称"), max_length=120)
    category = models.CharField(
        _("类别"), max_length=20, choices=DownloadCategory.choices, default=DownloadCategory.FORM
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("document"),
    ]
    api_fields = [
        APIField("title"),
        APIField("category"),
        APIField("description"),
        APIField("file", serializer=AttachmentSerializer(source="*")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("下载资料")
        verbose_name_plural = _("下载资料")


class LinkIndexPage(SectionPage):
    """友情链接: official sites, grouped."""

    content_panels = [*SectionPage.content_panels, InlinePanel("links", label=_("链接"))]
    subpage_types: list[str] = []
    max_count = 1
    shared_template = "notices/link_index_page.html"
    api_fields = [APIField("intro"), APIField("links")]

    class Meta:
        verbose_name = _("友情链接栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups: dict[str, list] = {}
        for link in self.links.all():
            groups.setdefault(link.group or _("其他"), []).append(link)
        context["link_groups"] = groups
        return context


class LinkItem(Orderable):
    page = ParentalKey(LinkIndexPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("网站名称"), max_length=80)
    url = models.URLField(_("网址"))
    group = models.CharField(_("分组"), max_length=40, blank=True, help_text=_("如：政府部门"))
    description = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("group"),
        FieldPanel("description"),
    ]
    api_fields = [APIField("title"), APIField("url"), APIField("group"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("友情链接")
        verbose_name_plural = _("友情链接")


class MessageBoardPage(SectionPage):
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("留言区")
