"""The two main boards as pages of the site tree; they list published listings."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class BoardPage(Page):
    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    shared_template = "notices/section_page.html"

    def get_template(self, request, *args, **kwargs):
        # Wagtail derives `template` per concrete class; the subclasses share one.
        return self.shared_template

    class Meta:
        abstract = True


class DemandIndexPage(BoardPage):
    """我要购买服务: purchasers' demand listings."""

    class Meta:
        verbose_name = _("我要购买服务栏目")


class SupplyIndexPage(BoardPage):
    """我要提供服务: providers' supply listings."""

    class Meta:
        verbose_name = _("我要提供服务栏目")
