"""The published directory: the board page (推荐目录), one page per year, and its entries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .applications import Application
from .choices import Origin


class DirectoryIndexPage(RoutablePageMixin, Page):
    """推荐目录: the board that lists each year's published directory.

    It also serves the objection form of each year's public notice, at
    `objections/<year>/` under the page (/directory/objections/2025/).
    """

    intro = RichTextField(_("简介"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["notices.HomePage"]
    subpage_types = ["nominations.DirectoryYearPage"]
    max_count = 1
    template = "notices/section_page.html"
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("推荐目录栏目")

    @path("objections/<int:year>/", name="objection")
    def objection(self, request, year):
        # The form view needs nominations.forms, which imports this package: resolved per request.
        from ..views import objection_view

        return objection_view(request, year)


class DirectoryYearPage(Page):
    """The published directory of one year (e.g. 2021版), its entries grouped by domain."""

    year = models.PositiveSmallIntegerField(_("年度"))
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("intro"),
        InlinePanel("entries", label=_("目录条目")),
    ]
    parent_page_types = ["nominations.DirectoryIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.FilterField("year")]
    api_fields = [APIField("year"), APIField("intro"), APIField("entries")]
    template = "nominations/directory_year_page.html"

    class Meta:
        verbose_name = _("年度推荐目录")

    def grouped_entries(self):
        """[(first-level name, [(second-level name, [entries])])] in taxonomy order."""
        groups: dict = {}
        for entry in self.entries.all():
            groups.setdefault(entry.first_domain, {}).setdefault(entry.second_domain, []).append(
                entry
            )
        return [(first, list(seconds.items())) for first, seconds in groups.items()]


class DirectoryEntry(Orderable):
    page = ParentalKey(DirectoryYearPage, related_name="entries", on_delete=models.CASCADE)
    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
    )
    provider = models.ForeignKey(
        "catalog.Provider",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
    )
    # Kept as text: the directory of a year reads as published, whatever is renamed later.
    first_domain = models.CharField(_("一级目录"), max_length=50)
    second_domain = models.CharField(_("二级目录"), max_length=50, blank=True)
    provider_name = models.CharField(_("社会组织全称"), max_length=200)
    project_title = models.CharField(_("项目名称"), max_length=200)
    origin = models.CharField(_("属性"), max_length=20, choices=Origin.choices, blank=True)

    panels = [
        FieldPanel("first_domain"),
        FieldPanel("second_domain"),
        FieldPanel("provider_name"),
        FieldPanel("project_title"),
    ]
    api_fields = [
        APIField("first_domain"),
        APIField("second_domain"),
        APIField("provider_name"),
        APIField("project_title"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")

    def __str__(self):
        return f"{self.provider_name} {self.project_title}"
