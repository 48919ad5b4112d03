"""Page types of the public site: home, the auxiliary boards and the notices themselves.

Who may publish which notice follows the page tree: city notices sit directly
under the policy and announcement sections, a district's notices under that
district's folder (DistrictNoticeIndexPage), on which only that district's
group has page permissions (see permissions.py). A notice's level and district
are derived from where it sits, so they cannot disagree with who published it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .serializers import AttachmentSerializer, AttachmentTitleField, DistrictSerializer


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
            {"page": section, "items": list(section.notices()[:6])}
            for section in (
                PolicyIndexPage.objects.live().first(),
                AnnouncementIndexPage.objects.live().first(),
            )
            if section is not None
        ]
        downloads = DownloadIndexPage.objects.live().public().first()
        context["downloads"] = downloads
        context["download_items"] = (
            list(downloads.items.select_related("document")[:5]) if downloads else []
        )
        links = LinkIndexPage.objects.live().public().first()
        context["links"] = links
        context["link_items"] = list(links.links.all()[:8]) if links else []
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


class NoticeIndexMixin:
    """A list of notices (this section's and its district folders') with filters."""

    notice_model_name: str
    shared_template = "notices/notice_index_page.html"

    def notice_model(self):
        return self._meta.apps.get_model("notices", self.notice_model_name)

    def notices(self):
        return (
            self.notice_model()
            .objects.live()
            .public()
            .descendant_of(self)
            .select_related("district")
            # Undated documents last, on SQLite and PostgreSQL alike.
            .order_by(F("issue_date").desc(nulls_last=True), "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from .filters import NoticeFilter

        context = super().get_context(request, *args, **kwargs)
        notices = self.notices()
        filters = NoticeFilter(request.GET or None, queryset=notices, notices=notices)
        paginator = Paginator(filters.qs, 20)
        context["filters"] = filters
        context["notice_page"] = paginator.get_page(request.GET.get("page"))
        context["query_without_page"] = _without_page(request.GET)
        return context


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


class PolicyIndexPage(NoticeIndexMixin, SectionPage):
    subpage_types = ["notices.PolicyPage", "notices.DistrictNoticeIndexPage"]
    max_count = 1
    notice_model_name = "PolicyPage"

    class Meta:
        verbose_name = _("政策法规栏目")


class AnnouncementIndexPage(NoticeIndexMixin, SectionPage):
    subpage_types = ["notices.AnnouncementPage", "notices.DistrictNoticeIndexPage"]
    max_count = 1
    notice_model_name = "AnnouncementPage"

    class Meta:
        verbose_name = _("公示公告栏目")


class DistrictNoticeIndexPage(NoticeIndexMixin, Page):
    """A district's folder inside 政策法规 or 公示公告: where its district admins publish.

    Created for every district after migrate (permissions.ensure_district_folders);
    page permissions on it go to that district's group only.
    """

    district = models.ForeignKey(
        "catalog.District", verbose_name=_("区"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.PolicyIndexPage", "notices.AnnouncementIndexPage"]
    subpage_types = ["notices.PolicyPage", "notices.AnnouncementPage"]

    class Meta:
        verbose_name = _("区级公告目录")

    @property
    def notice_model_name(self):
        return self.get_parent().specific_class.notice_model_name

    def get_template(self, request, *args, **kwargs):
        return self.shared_template


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


class DistrictNoticeGroup(models.Model):
    """The group whose members publish a district's notices: its district admins.

    Kept as a row (not found by name) so that renaming a district or the group
    in the admin never loses the link.
    """

    district = models.OneToOneField(
        "catalog.District", verbose_name=_("区"), on_delete=models.CASCADE, related_name="+"
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("用户组"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("区级公告发布组")
        verbose_name_plural = _("区级公告发布组")

    def __str__(self):
        return self.group.name
