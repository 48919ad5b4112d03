"""Admin viewsets of the catalog, scoped by role (see accounts.scope and the models' `scope`).

Every view a scoped viewset generates (index, edit, delete, history, usage, inspect,
revisions, chooser …) goes through the model's permission policy
(catalog.permissions.ScopedPermissionPolicy) by accounts.scoped_views.ScopedViewSetMixin.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter, NumberFilter
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.access import account_of
from accounts.scoped_views import ScopedViewSetMixin, visible_to

from . import planning
from .checks import run_checks
from .choosers import DomainChooserViewSet, ProviderChooserViewSet
from .forms import (
    AnnualInspectionForm,
    DemandListingForm,
    OpenPlanForm,
    OrganizationForm,
    SupplyListingForm,
)
from .models import (
    AnnualInspection,
    DemandListing,
    District,
    Provider,
    Purchaser,
    ServiceDomain,
    SupplyListing,
)
from .models.listings import DemandStatus
from .panels import (
    DEMAND_PANELS_HOOK,
    AuthorityFieldPanel,
    ChecksPanel,
    HookPanel,
    PlanPanel,
    ProviderRecordPanel,
)


class PublishChecksMixin:
    """Refuse publishing while catalog.checks reports a blocking finding."""

    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        if self.action != "publish":
            return True
        blocking = [f for f in run_checks(form.instance) if f.blocks]
        if not blocking:
            return True
        for finding in blocking:
            form.add_error(None, finding.message)
        self.produced_error_code = "validation_error"
        self.produced_error_message = _("未能发布：请先处理以下问题，或先保存为草稿。")
        return False


class OwnerDefaultCreateMixin:
    """A provider's (purchaser's) new listing belongs to its own organization."""

    owner_field = ""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        account = account_of(self.request.user)
        owner_id = getattr(account, f"{self.owner_field}_id", None)
        if owner_id:
            setattr(instance, f"{self.owner_field}_id", owner_id)
        instance.created_by = self.request.user
        return instance


class ListingEditView(PublishChecksMixin, snippet_views.EditView):
    pass


class NoAutosaveOnCreateMixin:
    """No autosave on the add form: Wagtail 8's autosave creates the record on its first
    save, so an abandoned form left drafts behind (which the publisher could not delete
    and which then tripped the duplicate-posting rule). Editing a saved listing keeps it."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False


class DemandCreateView(
    NoAutosaveOnCreateMixin, PublishChecksMixin, OwnerDefaultCreateMixin, snippet_views.CreateView
):
    owner_field = "purchaser"


class SupplyCreateView(
    NoAutosaveOnCreateMixin, PublishChecksMixin, OwnerDefaultCreateMixin, snippet_views.CreateView
):
    owner_field = "provider"


# --- organizations ----------------------------------------------------------

AUTHORITY_PROVIDER = "catalog.add_provider"  # registration authorities: district and city admins
AUTHORITY_PURCHASER = "catalog.add_purchaser"


class ProviderViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("社会组织")
    list_display = ["name", "credit_code", "district", "registration_level", "grade"]
    list_filter = ["district", "registration_level", "grade", "is_seriously_dishonest"]
    search_fields = ["name", "credit_code"]
    search_backend_name = None
    inspect_view_enabled = True
    chooser_viewset_class = ProviderChooserViewSet
    chooser_per_page = 20

    def chooser_queryset(self, request):
        # Any organization may be referenced (a purchaser records the provider it chose):
        # the chooser shows names, credit codes and districts, the public directory's facts.
        return Provider.objects.all()

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    # Registration facts are kept by the registration authority: the
                    # provider sees them, and they are not in its form (issue 11, hole 3).
                    AuthorityFieldPanel("name", AUTHORITY_PROVIDER),
                    AuthorityFieldPanel("credit_code", AUTHORITY_PROVIDER),
                    MultiFieldPanel(
                        [
                            AuthorityFieldPanel("registration_level", AUTHORITY_PROVIDER),
                            AuthorityFieldPanel("district", AUTHORITY_PROVIDER),
                            AuthorityFieldPanel("registered_on", AUTHORITY_PROVIDER),
                            AuthorityFieldPanel("grade", AUTHORITY_PROVIDER),
                            AuthorityFieldPanel("is_seriously_dishonest", AUTHORITY_PROVIDER),
                        ],
                        heading=_("登记信息"),
                    ),
                    FieldPanel("has_social_workers"),
                    FieldPanel("community_type"),
                    FieldPanel("community_tier"),
                    FieldPanel("summary"),
                    MultiFieldPanel(
                        [
                            FieldPanel("contact_person"),
                            FieldPanel("phone"),
                            FieldPanel("email"),
                            FieldPanel("address"),
                        ],
                        heading=_("联系方式"),
                    ),
                ],
                heading=_("基本信息"),
            ),
            ObjectList([ProviderRecordPanel()], heading=_("年检与信用记录")),
        ],
        base_form_class=OrganizationForm,
    )


class PurchaserViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Purchaser
    icon = "site"
    menu_label = _("购买主体")
    list_display = ["name", "level", "district"]
    list_filter = ["level", "district"]
    search_fields = ["name"]
    search_backend_name = None

    def chooser_queryset(self, request):
        # Government purchasers are public: a provider names the one it worked for.
        return Purchaser.objects.all()

    edit_handler = ObjectList(
        [
            AuthorityFieldPanel("name", AUTHORITY_PURCHASER),
            AuthorityFieldPanel("level", AUTHORITY_PURCHASER),
            AuthorityFieldPanel("district", AUTHORITY_PURCHASER),
            FieldPanel("contact_person"),
            FieldPanel("phone"),
            FieldPanel("email"),
            FieldPanel("address"),
        ],
        base_form_class=OrganizationForm,
    )


class AnnualInspectionViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = AnnualInspection
    icon = "tasks"
    menu_label = _("年度检查")
    list_display = ["provider", "year", "result"]
    list_filter = ["year", "result"]
    search_fields = ["provider__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("provider", widget=forms.Select), FieldPanel("year"), FieldPanel("result")],
        base_form_class=AnnualInspectionForm,
    )


# --- listings -----------------------------------------------------------------


def _year_choices():
    this_year = datetime.date.today().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 10, -1)]


class DemandListingFilterSet(FilterSet):
    year = NumberFilter(label=_("项目年度"))
    status = ChoiceFilter(label=_("项目状态"), choices=DemandStatus.choices)
    domain = ModelChoiceFilter(label=_("业务领域"), queryset=ServiceDomain.objects.classifiable())

    class Meta:
        model = DemandListing
        fields = ["year", "status", "live", "domain"]


class SupplyListingFilterSet(FilterSet):
    year = NumberFilter(label=_("项目年度"))
    domain = ModelChoiceFilter(label=_("业务领域"), queryset=ServiceDomain.objects.classifiable())

    class Meta:
        model = SupplyListing
        fields = ["year", "live", "purchased_before", "domain"]


LISTING_COMMON_PANELS = [
    FieldPanel("title"),
    FieldPanel("domain"),
    FieldPanel("year"),
    FieldPanel("summary"),
    FieldPanel("service_targets"),
    MultiFieldPanel(
        [
            FieldPanel("district"),
            FieldPanel("place"),
            FieldPanel("period_start"),
            FieldPanel("period_end"),
        ],
        heading=_("实施"),
    ),
    MultiFieldPanel(
        [FieldPanel("contact_person"), FieldPanel("phone"), FieldPanel("email")],
        heading=_("联系方式（仅登录用户可见）"),
    ),
]


class OpenPlanView(WagtailAdminTemplateMixin, FormView):
    """预算已批复，转为正式需求: the purchaser turns its planned item into an open listing
    (catalog.planning.open_plan does the checks, the change and its log entry)."""

    template_name = "catalog/admin/open_plan.html"
    form_class = OpenPlanForm
    page_title = planning.OPEN_PLAN_LABEL
    header_icon = "doc-full"
    edit_url_name = ""

    def dispatch(self, request, pk):
        # Out of scope reads as absent (404), like the viewset's own views.
        self.listing = get_object_or_404(
            visible_to(request.user, DemandListing).select_related("purchaser"), pk=pk
        )
        if not planning.may_open(request.user, self.listing):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.listing)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_initial(self):
        listing = self.listing
        return {
            "budget": listing.budget,
            "purchase_method": listing.purchase_method,
            "response_deadline": listing.response_deadline,
        }

    def edit_url(self):
        return reverse(self.edit_url_name, args=[quote(self.listing.pk)])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            listing=self.listing,
            planned=self.listing.is_planned,
            edit_url=self.edit_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            planning.open_plan(self.listing, self.request.user, **form.cleaned_data)
        except planning.PlanRefused as refused:
            if hasattr(refused, "error_dict"):
                for field, errors in refused.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refused.messages)
            messages.error(self.request, _("未能转为正式需求，请按提示修改。"))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("「%(title)s」已转为正式需求，关注者和相符的社会组织将收到通知。")
            % {"title": self.listing.title},
        )
        return redirect(self.edit_url())

    def form_invalid(self, form):
        if not form.errors.get("__all__") and form.errors:
            messages.error(self.request, _("未能转为正式需求，请按提示修改。"))
        return super().form_invalid(form)


class ListingViewSetMixin(ScopedViewSetMixin):
    icon = "doc-full"
    edit_view_class = ListingEditView
    search_backend_name = None
    inspect_view_enabled = True
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("domain", self.owner_field)


class DemandListingViewSet(ListingViewSetMixin, SnippetViewSet):
    model = DemandListing
    owner_field = "purchaser"
    add_view_class = DemandCreateView
    menu_label = _("需求项目")
    filterset_class = DemandListingFilterSet
    search_fields = ["title", "purchaser__name"]
    list_display = [
        "title",
        Column("purchaser", label=_("购买主体")),
        "year",
        "budget",
        "status",
        BooleanColumn("live", label=_("已发布")),
        UpdatedAtColumn(),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "open-plan/<str:pk>/",
                # Through construct_view: scoped like the viewset's pk views (404 out of scope).
                self.construct_view(OpenPlanView, edit_url_name=self.get_url_name("edit")),
                name="open_plan",
            ),
        ]

    edit_handler = ObjectList(
        [
            ChecksPanel(heading=_("信息检查")),
            PlanPanel(heading=_("拟购买")),
            # What the apps above add to a demand listing's screen (matching's suitable providers).
            HookPanel(DEMAND_PANELS_HOOK),
            FieldPanel("purchaser", permission=AUTHORITY_PURCHASER, widget=forms.Select),
            *LISTING_COMMON_PANELS,
            MultiFieldPanel(
                [
                    FieldPanel("budget"),
                    FieldPanel("purchase_method"),
                    FieldPanel("budget_approved_on"),
                    FieldPanel("response_deadline"),
                    FieldPanel("provider_requirements"),
                    FieldPanel("status"),
                ],
                heading=_("购买信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("chosen_provider"),
                    FieldPanel("contract_amount"),
                    FieldPanel("contracted_on"),
                    FieldPanel("evaluation_result"),
                    FieldPanel("beneficiary_satisfaction"),
                    FieldPanel("evaluated_on"),
                ],
                heading=_("承接与绩效评价"),
            ),
        ],
        base_form_class=DemandListingForm,
    )


class SupplyListingViewSet(ListingViewSetMixin, SnippetViewSet):
    model = SupplyListing
    owner_field = "provider"
    add_view_class = SupplyCreateView
    menu_label = _("服务项目")
    filterset_class = SupplyListingFilterSet
    search_fields = ["title", "provider__name"]
    list_display = [
        "title",
        Column("provider", label=_("社会组织")),
        "year",
        BooleanColumn("purchased_before", label=_("曾承接")),
        BooleanColumn("live", label=_("已发布")),
        UpdatedAtColumn(),
    ]
    edit_handler = ObjectList(
        [
            ChecksPanel(heading=_("信息检查")),
            FieldPanel("provider", permission=AUTHORITY_PROVIDER, widget=forms.Select),
            *LISTING_COMMON_PANELS,
            MultiFieldPanel(
                [
                    FieldPanel("purchased_before"),
                    FieldPanel("purchaser"),
                    FieldPanel("purchaser_name"),
                    FieldPanel("total_amount"),
                    FieldPanel("implemented_amount"),
                    FieldPanel("government_amount"),
                    FieldPanel("results"),
                ],
                heading=_("曾承接的政府购买服务项目"),
            ),
        ],
        base_form_class=SupplyListingForm,
    )


# --- reference data -------------------------------------------------------------


class ServiceDomainViewSet(SnippetViewSet):
    model = ServiceDomain
    icon = "list-ul"
    menu_label = _("业务领域")
    list_display = ["code", "name", "parent"]
    list_filter = ["parent"]
    search_fields = ["code", "name"]
    search_backend_name = None
    list_per_page = 100
    # Listings take a second-level entry: the chooser offers those only, with search.
    chooser_viewset_class = DomainChooserViewSet
    chooser_per_page = 20


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "globe"
    menu_label = _("区")
    list_display = ["code", "name", "short_name"]
    search_backend_name = None


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = _("供需管理")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        DemandListingViewSet,
        SupplyListingViewSet,
        ProviderViewSet,
        PurchaserViewSet,
        AnnualInspectionViewSet,
        ServiceDomainViewSet,
        DistrictViewSet,
    )


def admin_edit_url(user, instance) -> str | None:
    return AdminURLFinder(user).get_edit_url(instance)
