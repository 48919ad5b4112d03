"""Forms of the nomination screens: the provider's application, review opinions, round steps, objections."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.access import account_of
from accounts.roles import Role
from accounts.throttling import HoneypotField
from catalog.models import SupplyListing

from .models import Application, DistrictSummary, ExpertReview, Objection, Round, Status
from .rounds import passing
from .workflow import Action, TransitionRefused, check

APPLICATION_FIELDS = [
    "listing",
    "purchaser_name",
    "total_amount",
    "implemented_amount",
    "government_amount",
    "period_start",
    "period_end",
    "two_years_or_more",
    "summary",
    "results",
    "recommendation_form",
]


ISO_DATE = "%Y-%m-%d"


def open_round(today=None) -> Round | None:
    """The round whose self-nomination window is open today."""

    today = today or timezone.localdate()
    return (
        Round.objects.filter(self_nomination_start__lte=today, self_nomination_end__gte=today)
        .order_by("-year")
        .first()
    )


class ApplicationForm(WagtailAdminModelForm):
    """What a provider fills in: one of its published listings and the figures of `000` 四(一)."""

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        # A date input shows only ISO dates: without the format Django would render the
        # locale's first input format (zh-hans: 2024/03/01), the input would look empty and
        # clean() would then take the listing's dates (issue 13, defect 1).
        widgets = {
            "period_start": forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
            "period_end": forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 6, "maxlength": 500}),
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        account = account_of(for_user)
        provider_id = account.provider_id if account and account.role == Role.PROVIDER else None
        instance = self.instance
        if not instance.pk:
            instance.provider_id = provider_id
            round_ = open_round()
            if round_ is not None:
                instance.round = round_
        listings = SupplyListing.objects.public().filter(
            provider_id=instance.provider_id or provider_id
        )
        self.fields["listing"].queryset = listings.select_related("domain")
        self.fields["listing"].label_from_instance = lambda listing: (
            f"{listing.title}（{listing.year}年，{listing.domain.name}）"
        )
        for name in ("purchaser_name", "total_amount", "implemented_amount", "government_amount"):
            self.fields[name].required = False
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False
        self.fields["results"].required = False
        self.fields["summary"].required = False
        self.fields["purchaser_name"].help_text = _("留空则取所选服务项目的购买主体")

    def clean(self):
        cleaned = super().clean()
        listing = cleaned.get("listing")
        if listing is not None:
            # Take what the provider left blank from the listing it chose.
            for name, source in (
                ("purchaser_name", listing.purchaser_display),
                ("total_amount", listing.total_amount),
                ("implemented_amount", listing.implemented_amount),
                ("government_amount", listing.government_amount),
                ("period_start", listing.period_start),
                ("period_end", listing.period_end),
                ("results", listing.results),
                ("summary", listing.summary if len(listing.summary or "") <= 500 else ""),
            ):
                if cleaned.get(name) in (None, "") and source not in (None, ""):
                    cleaned[name] = source
        missing = [
            self.fields[name].label
            for name in APPLICATION_FIELDS
            if name not in ("two_years_or_more", "recommendation_form", "listing")
            and cleaned.get(name) in (None, "")
        ]
        if missing:
            raise forms.ValidationError(
                _("请填写：%(fields)s（所选服务项目中也没有这些信息）")
                % {"fields": "、".join(str(label) for label in missing)}
            )
        return cleaned

    def _post_clean(self):
        if self.cleaned_data.get("listing") is not None:
            self.instance.listing = self.cleaned_data["listing"]
            self.instance.title = self.instance.listing.title
            self.instance.domain_id = self.instance.listing.domain_id
        super()._post_clean()


class ReviewForm(forms.Form):
    opinion = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("提交、退回、不同意均须填写书面意见"),
    )
    action = forms.CharField(widget=forms.HiddenInput, required=False)


class ExpertAssignmentForm(WagtailAdminModelForm):
    class Meta:
        model = ExpertReview
        fields = ["application", "expert"]

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(
            status=Status.CITY_APPROVED
        ).select_related("provider")
        self.fields["expert"].queryset = get_user_model().objects.filter(
            account__role=Role.EXPERT, is_active=True
        )

    def clean(self):

        cleaned = super().clean()
        application, expert = cleaned.get("application"), cleaned.get("expert")
        if application is not None and expert is not None:
            try:
                check(application, self.for_user, Action.ASSIGN_EXPERT, expert=expert)
            except TransitionRefused as refusal:
                raise forms.ValidationError(refusal.messages[0]) from None
        return cleaned

    def _post_clean(self):
        pass  # the review is created by the table's assignment row, not by this form


class ExpertScoreForm(WagtailAdminModelForm):
    class Meta:
        model = ExpertReview
        fields = ["score", "comment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("score") is None or not (cleaned.get("comment") or "").strip():
            raise forms.ValidationError(_("请填写评分（0–100）和评审意见"))
        return cleaned


class ObjectionAnswerForm(WagtailAdminModelForm):
    class Meta:
        model = Objection
        fields = ["answer"]

    def clean_answer(self):
        answer = (self.cleaned_data.get("answer") or "").strip()
        if not answer:
            raise forms.ValidationError(_("请填写答复"))
        return answer


class ObjectionForm(forms.ModelForm):
    """The public objection form; `website` is a honeypot no person fills in."""

    website = HoneypotField()

    class Meta:
        model = Objection
        fields = ["application", "name", "contact", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["application"].queryset = (
            passing(round_) if round_ else Application.objects.none()
        )
        self.fields["application"].label_from_instance = lambda a: f"{a.provider.name}《{a.title}》"
        self.fields["application"].required = False


class DistrictSummaryForm(WagtailAdminModelForm):
    class Meta:
        model = DistrictSummary
        fields = ["round", "contact_person", "phone", "stamped_scan"]
