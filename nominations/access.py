"""Which applications a user sees: one place for the nomination scoping rules.

What a user may *do* with one is the transition table's business (workflow.py);
this only decides what appears in their queue and which records they may open.
The rules are accounts.scope declarations, registered here for the three
nomination records:

- applications: a provider its own (drafts included); a district bureau those
  of the providers registered in its district; the city, the monitoring centre
  and superusers all; an expert those assigned to it; nobody but the provider
  sees a draft (已保存);
- expert reviews: city-wide users all, an expert its own;
- district summaries: a district bureau its own district's, city-wide users all.
"""

from django.db.models import Q

from accounts.scope import NOTHING, Scope, register, scope_for

from .models import Application, DistrictSummary, ExpertReview, Status


def _district_registered(account) -> Q:
    return Q(provider__district_id=account.district_id, provider__registration_level="district")


def _assigned(account) -> Q:
    return Q(pk__in=ExpertReview.objects.filter(expert_id=account.user_id).values("application_id"))


register(
    Application,
    Scope(
        provider="provider",
        district=_district_registered,
        expert=_assigned,
        drafts=Q(status=Status.SAVED),
    ),
)
register(ExpertReview, Scope(expert="expert"))
register(DistrictSummary, Scope(district="district"))


def applications_for(user):
    return Application.objects.filter(scope_for(user, Application))


def expert_reviews_for(user):
    return ExpertReview.objects.select_related(
        "application__provider", "application__round", "expert"
    ).filter(scope_for(user, ExpertReview))


def summaries_scope(user) -> Q | None:
    """Filter for district summaries: a district admin sees its own, the city all; None: nothing."""
    scope = scope_for(user, DistrictSummary)
    return None if scope == NOTHING else scope
