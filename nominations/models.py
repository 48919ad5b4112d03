"""Nomination rounds, applications and the published directory."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class DirectoryIndexPage(Page):
    """推荐目录: the board that lists each year's published directory."""

    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    max_count = 1
    template = "notices/section_page.html"

    class Meta:
        verbose_name = _("推荐目录栏目")
