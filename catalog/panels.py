"""Read-only panels of the catalog's edit screens.

ChecksPanel shows the findings of the content-check registry (catalog.checks)
on the listing being edited: the registry is the one source, so monitoring's
rules appear here as soon as they are registered. ProviderRecordPanel shows a
provider's annual inspections and credit events, which are kept elsewhere
(inspections by the registration authority, credit events by monitoring).
"""

from wagtail.admin.panels import Panel

from .checks import run_checks


class ChecksPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            findings = run_checks(self.instance)
            context["blocking"] = [f for f in findings if f.blocks]
            context["advisory"] = [f for f in findings if not f.blocks]
            return context


class ProviderRecordPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/panels/provider_record.html"

        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["inspections"] = list(self.instance.inspections.all())
            context["credit_events"] = list(self.instance.credit_events.all())
            return context
