"""Panels of the catalog's edit screens: fields only an authority changes, and read-only panels.

AuthorityFieldPanel is a field the registration authority (district and city admins)
edits and everybody else only reads: for a user without the permission the field is
not in the form at all (so a POST cannot change it, and no hidden required input is
missing), and its value is shown read-only in its place.

ChecksPanel shows the findings of the content-check registry (catalog.checks)
on the listing being edited: the registry is the one source, so monitoring's
rules appear here as soon as they are registered. ProviderRecordPanel shows a
provider's annual inspections and credit events, which are kept elsewhere
(inspections by the registration authority, credit events by monitoring).

HookPanel shows what the apps above the catalog contribute to a record's screen
(matching: the suitable providers of a demand listing), through a Wagtail hook: each
hook function takes (request, instance) and returns HTML or "" (not shown). The
catalog announces the place; it imports none of them.
"""

from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, Panel

from .checks import run_checks
from .planning import may_open, open_plan_url


class AuthorityFieldPanel(FieldPanel):
    def __init__(self, field_name, permission, **kwargs):
        super().__init__(field_name, permission=permission, **kwargs)

    def format_value_for_display(self, value):
        # Wagtail shows a read-only boolean as Python's True/False.
        if isinstance(value, bool):
            return _("是") if value else _("否")
        return super().format_value_for_display(value)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                # Left out of the form by its permission (PermissionedForm): shown, not edited.
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                self.help_text = self.panel.help_text or capfirst(self.panel.db_field.help_text)

        def is_shown(self):
            return self.bound_field is not None or self.read_only


class ChecksPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            findings = run_checks(self.instance)
            context["blocking"] = [f for f in findings if f.blocks]
            context["advisory"] = [f for f in findings if not f.blocks]
            return context


class PlanPanel(Panel):
    """On a planned demand listing (拟购买): what it is, and the way to open it (catalog.planning)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/plan.html"

        def is_shown(self):
            instance = self.instance
            return instance is not None and instance.pk is not None and instance.is_planned

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            allowed = may_open(self.request.user, self.instance)
            context["open_url"] = open_plan_url(self.instance) if allowed else ""
            return context


# hook(request, credit_events) -> {event id: html}: actions shown beside a provider's credit
# events on its record (the apps above catalog register them).
CREDIT_EVENT_ACTIONS_HOOK = "catalog_credit_event_actions"


class ProviderRecordPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/provider_record.html"

        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["inspections"] = list(self.instance.inspections.all())
            events = list(self.instance.credit_events.all())
            # What the apps above offer on each event (moderation: 提出异议 / 信用修复), for
            # all of them at once: {event id: html}, rendered and escaped by the hook.
            actions: dict[int, list] = {}
            for contribute in hooks.get_hooks(CREDIT_EVENT_ACTIONS_HOOK):
                for event_id, html in (contribute(self.request, events) or {}).items():
                    actions.setdefault(event_id, []).append(mark_safe(html))  # noqa: S308
            context["credit_events"] = [(event, actions.get(event.pk, [])) for event in events]
            context["event_actions"] = bool(actions)
            return context


DEMAND_PANELS_HOOK = "catalog_demand_listing_panels"


class HookPanel(Panel):
    def __init__(self, hook_name="", **kwargs):
        super().__init__(**kwargs)
        self.hook_name = hook_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "hook_name": self.hook_name}

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/hooked.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.parts = []
            if self.instance is not None and self.instance.pk is not None:
                for contribute in hooks.get_hooks(self.panel.hook_name):
                    html = contribute(self.request, self.instance)
                    if html:
                        # The hook functions render their own templates (escaped there).
                        self.parts.append(mark_safe(html))  # noqa: S308

        def is_shown(self):
            return bool(self.parts)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["parts"] = self.parts
            return context
