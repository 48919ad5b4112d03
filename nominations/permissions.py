"""Wagtail permission policies of the nominations: who may act on which record.

Each policy is the model permission (from the role's group, see accounts.roles) AND
what the seed adds on top of it (`allows`: only a provider applies, only a
district uploads its own summary), and, for a record, the user's queue or scope
(`scope`, from nominations.access). The admin screens ask the policy and nothing
else; what a user may *do* to an application's status is the transition table's
business (workflow.py).
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts.access import role_of
from accounts.roles import Role

from . import access
from .models import Application, DistrictSummary, ExpertReview, Objection, Round
from .workflow import Actor, actor_of


class NominationPolicy(ModelPermissionPolicy):
    def allows(self, user, action) -> bool:
        """The seed's condition beyond the group's model permission."""
        return True

    def scope(self, user, action):
        """The records `user` may `action` (the model permission aside)."""
        return self.model._default_manager.all()

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) and self.allows(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            if instance.pk is None or self.scope(user, action).filter(pk=instance.pk).exists():
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        permitted = [action for action in actions if self.user_has_permission(user, action)]
        if not permitted:
            return self.model._default_manager.none()
        queryset = self.scope(user, permitted[0])
        for action in permitted[1:]:
            queryset = queryset | self.scope(user, action)
        return queryset


class ApplicationPolicy(NominationPolicy):
    """Providers apply (for their own organization; a superuser has none to apply for).

    The queue is `access.applications_for`; edit and delete are further decided
    per status by the transition table.
    """

    def allows(self, user, action):
        if action == "add":
            return role_of(user) == Role.PROVIDER
        return True

    def scope(self, user, action):
        return access.applications_for(user)


class RoundPolicy(NominationPolicy):
    """City admins set rounds and run their steps (the `change` permission of their group)."""


class DistrictSummaryPolicy(NominationPolicy):
    """A district admin uploads, replaces and downloads its own district's table; the city reads."""

    def user_has_permission(self, user, action):
        # Downloading the table to fill in belongs to whoever uploads it once stamped.
        return super().user_has_permission(user, "add" if action == "export" else action)

    def allows(self, user, action):
        if action in ("add", "change"):
            return role_of(user) == Role.DISTRICT_ADMIN
        return True

    def scope(self, user, action):
        scope = access.summaries_scope(user)
        queryset = self.model._default_manager.all()
        return queryset.none() if scope is None else queryset.filter(scope)


class ExpertReviewPolicy(NominationPolicy):
    """The service centre assigns (`add`); an expert scores only what was assigned to them."""

    def scope(self, user, action):
        if action == "change":
            return self.model._default_manager.filter(expert=user)
        return access.expert_reviews_for(user)

    def user_sees_reviews_of(self, user, application) -> bool:
        """The experts' scores beside an application: for the city and the service centre."""
        return actor_of(user, application) == Actor.CITY or role_of(user) == Role.MONITOR


class ObjectionPolicy(NominationPolicy):
    """City admins answer objections (the `change` permission of their group)."""


application_policy = ApplicationPolicy(Application)
round_policy = RoundPolicy(Round)
summary_policy = DistrictSummaryPolicy(DistrictSummary)
expert_review_policy = ExpertReviewPolicy(ExpertReview)
objection_policy = ObjectionPolicy(Objection)

# Registered with Wagtail in wagtail_hooks.py, so the generic views ask these too.
POLICIES = [
    application_policy,
    round_policy,
    summary_policy,
    expert_review_policy,
    objection_policy,
]
