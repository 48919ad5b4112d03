"""The home page: the latest notices of each section, downloads and links."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .boards import DownloadIndexPage, LinkIndexPage
from .sections import AnnouncementIndexPage, PolicyIndexPage


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
