"""The sections of the site map: the base section page, the two notice lists (政策法规,
公示公告) and the districts' folders inside them."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
        # Imported here: notices.filters imports these models.
        from django.core.paginator import Paginator

        from ..filters import NoticeFilter

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
