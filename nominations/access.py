"""Which applications a user sees: one place for the nomination scoping rules.

What a user may *do* with one is the transition table's business (workflow.py);
this only decides what appears in their queue and which records they may open.
"""

from django.db.models import Q

from catalog.access import account_of
from gxpt.roles import Role

from .models import Application, ExpertReview, Status


def applications_for(user):
    queryset = Application.objects.all()
    if getattr(user, "is_superuser", False):
        return queryset.exclude(status=Status.SAVED)
    account = account_of(user)
    if account is None:
        return queryset.none()
    if account.role == Role.PROVIDER:
        return queryset.filter(provider_id=account.provider_id)
    if account.role == Role.DISTRICT_ADMIN:
        # Drafts stay the provider's own; the district sees what was submitted to it.
        return queryset.filter(
            provider__district_id=account.district_id, provider__registration_level="district"
        ).exclude(status=Status.SAVED)
    if account.role in (Role.CITY_ADMIN, Role.MONITOR):
        return queryset.exclude(status=Status.SAVED)
    if account.role == Role.EXPERT:
        return queryset.filter(
            pk__in=ExpertReview.objects.filter(expert=user).values("application_id")
        )
    return queryset.none()


def expert_reviews_for(user):
    queryset = ExpertReview.objects.select_related("application__provider", "expert")
    if getattr(user, "is_superuser", False):
        return queryset
    account = account_of(user)
    if account is None:
        return queryset.none()
    if account.role in (Role.CITY_ADMIN, Role.MONITOR):
        return queryset
    if account.role == Role.EXPERT:
        return queryset.filter(expert=user)
    return queryset.none()


def summaries_scope(user) -> Q | None:
    """Filter for district summaries: a district admin sees its own, the city all; None: nothing."""
    if getattr(user, "is_superuser", False):
        return Q()
    account = account_of(user)
    if account is None:
        return None
    if account.role in (Role.CITY_ADMIN, Role.MONITOR):
        return Q()
    if account.role == Role.DISTRICT_ADMIN:
        return Q(district_id=account.district_id)
    return None
