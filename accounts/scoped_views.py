"""Every view a Wagtail viewset generates goes through the same scope as its index.

A ModelViewSet or SnippetViewSet generates many views addressed by a primary key
(edit, delete, copy, history, usage, inspect, revisions, unpublish, lock …), a
chooser (choose, results, chosen) and bulk actions. Wagtail only checks the model
permission in most of them, so a record outside the user's scope could be opened
by typing its id (issue 11, hole 4). The mixins here scope them all at once, from
the model's registered permission policy (its `instances_user_has_any_permission_for`):

- `ScopedViewSetMixin` on a viewset: the index lists the policy's records, and any
  view given a `pk` answers 404 for a record the user may not see and 403 for one
  it sees but may not change (edit) or delete (delete); a user with no permission on
  the model gets Wagtail's refusal (403, shown as a redirect with a message);
- `ScopedChooserViewSetMixin` on a chooser viewset: the chooser lists and returns
  only the records the viewset's `chooser_queryset` allows (the policy's by default);
- `ScopedBulkActionMixin` on a bulk action: only records in scope are acted on, and
  an id outside the scope is not found (its title is not shown either);
- `ScopedSiteHistoryView`: the site history report lists the log entries of the
  records the user may open, not of every record of a model it has a permission on;
- `access_refused`: a signal sent with the ids a bulk action left out as outside the
  user's scope (security.audit records it; this app imports no app above it).

New viewsets get this by inheriting the mixin; tests/security/test_permission_matrix.py
fails for an admin URL nobody classified.
"""

import functools

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.http import Http404
from wagtail.admin.views import generic
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet

# Sent with request, model and ids when records asked for were outside the user's scope.
access_refused = Signal()

# The actions that make a record visible on an index (Wagtail's own index asks for any).
SEEING = ("view", "change", "delete")


def policy_of(model):
    return policy_registry.get_by_type(model)


def visible_to(user, model, actions=SEEING):
    """The records of `model` the user may open at all, by its permission policy."""
    return policy_of(model).instances_user_has_any_permission_for(user, list(actions))


def _required_actions(view_class) -> tuple[str, ...] | None:
    if issubclass(view_class, generic.EditView):
        return ("change",)
    if issubclass(view_class, generic.DeleteView):
        return ("delete",)
    return None


class ScopedViewSetMixin:
    """Scope the index and every pk-addressed view of a ModelViewSet/SnippetViewSet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chooser = getattr(self, "chooser_viewset_class", None)
        if chooser is not None and not issubclass(chooser, ScopedChooserViewSetMixin):
            self.chooser_viewset_class = type(
                f"Scoped{chooser.__name__}", (ScopedChooserViewSetMixin, chooser), {}
            )

    def scoped_queryset(self, request, actions=SEEING):
        return visible_to(request.user, self.model, actions)

    def get_queryset(self, request):
        # SnippetViewSet's hook for its index (and its export).
        return self.scoped_queryset(request)

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, generic.IndexView) and not isinstance(self, SnippetViewSet):
            view_class = _scoped_index(view_class, self)
        view = super().construct_view(view_class, **kwargs)
        required = _required_actions(view_class)
        viewset = self

        @functools.wraps(view)
        def scoped_view(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None:
                if not policy_of(viewset.model).user_has_any_permission(request.user, SEEING):
                    # No permission on the model at all: Wagtail's own refusal, as before.
                    raise PermissionDenied
                pk = unquote(str(pk))
                if not viewset.scoped_queryset(request).filter(pk=pk).exists():
                    raise Http404
                if (
                    required
                    and not viewset.scoped_queryset(request, required).filter(pk=pk).exists()
                ):
                    raise PermissionDenied
            return view(request, *args, **view_kwargs)

        return scoped_view


def _scoped_index(view_class, viewset):
    """A ModelViewSet's index view class, limited to the viewset's scoped queryset."""

    def get_base_queryset(self):
        # `&` ANDs the scope's conditions into the index's own query (no subquery).
        return super(scoped, self).get_base_queryset() & viewset.scoped_queryset(self.request)

    scoped = type(
        view_class.__name__,
        (view_class,),
        {"get_base_queryset": get_base_queryset, "__module__": view_class.__module__},
    )
    return scoped


class ScopedChooserViewSetMixin:
    """A chooser lists, and returns when chosen, only what `chooser_queryset` allows.

    The snippet viewset the chooser belongs to decides through its own
    `chooser_queryset(request)` if it has one (organizations anyone may reference),
    else the chooser offers the records the user may see by the model's policy.
    """

    def chooser_queryset(self, request):
        owner = getattr(self.model, "snippet_viewset", None)
        if owner is not None and hasattr(owner, "chooser_queryset"):
            return owner.chooser_queryset(request)
        return visible_to(request.user, self.model)

    def construct_view(self, view_class, **kwargs):
        viewset = self

        class Scoped(view_class):
            def get_object_list(self, *args, **kw):
                objects = super().get_object_list(*args, **kw)
                return objects & viewset.chooser_queryset(self.request)

            def get_object(self, pk):
                return viewset.chooser_queryset(self.request).get(pk=pk)

            def get_objects(self, pks):
                return viewset.chooser_queryset(self.request).filter(pk__in=pks)

        Scoped.__name__ = view_class.__name__
        return super().construct_view(Scoped, **kwargs)


class ScopedBulkActionMixin:
    """Bulk actions act on records in the user's scope only; other ids are not found,
    so neither their titles nor their existence show."""

    def get_queryset(self, model, object_ids):
        # Called on the instance (BulkAction.get_actionable_objects), so the request is here.
        visible = visible_to(self.request.user, model)
        found = [obj for obj in super().get_queryset(model, object_ids)]
        allowed = set(visible.filter(pk__in=[obj.pk for obj in found]).values_list("pk", flat=True))
        refused = [obj.pk for obj in found if obj.pk not in allowed]
        found = [obj for obj in found if obj.pk in allowed]
        asked = {str(pk) for pk in object_ids}
        missing = asked - {str(obj.pk) for obj in found} - {str(pk) for pk in refused}
        if refused or missing:
            access_refused.send(
                type(self), request=self.request, model=model, ids=[*refused, *sorted(missing)]
            )
        if not found:
            raise Http404
        return found


class ScopedSiteHistoryView(LogEntriesView):
    """Wagtail's site history report, limited to the records the user may open.

    Wagtail lists the log entries of every record of a model the user holds any
    permission on (ModelLogEntry.viewable_by_user), so a provider read the history
    of other providers' listings and applications (titles, reviewers' actions).
    Here a model's entries are those of the records its permission policy lets the
    user see, as on each record's own history page. Routed in place of Wagtail's
    view (gxpt/urls.py).
    """

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = queryset.filter(self.visible_entries())
        return queryset

    def visible_entries(self) -> Q:
        user = self.request.user
        visible = Q(pk__in=[])
        content_types = ModelLogEntry.objects.values_list("content_type_id", flat=True)
        for content_type_id in set(content_types.order_by()):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            records = visible_to(user, model)
            if not records.query.where:
                # Every record of the model (a city-wide user's): no subquery to run.
                visible |= Q(content_type_id=content_type_id)
                continue
            pks = records.annotate(_key=Cast("pk", CharField())).values("_key")
            visible |= Q(content_type_id=content_type_id, object_id__in=pks)
        return visible
