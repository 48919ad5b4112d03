"""Table columns shared by the nominations' admin listings, rendered without a template per cell."""

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from .. import preferred


def _checks_cell(application):
    results = preferred.preferred_checks(application)
    passed = sum(check.passed for check in results)
    marks = " ".join(
        f'<span title="{escape(c.label)}：{escape(c.detail)}">{"✓" if c.passed else "✗"}</span>'
        for c in results
    )
    warning = ""
    if preferred.blocking_reason(application):
        warning = f' <strong class="error-message">{escape(_("严重失信"))}</strong>'
    return mark_safe(f"{passed}/5 {marks}{warning}")  # noqa: S308 - every part escaped above


class PlainColumn(Column):
    """A cell rendered without a template.

    Wagtail renders one template per cell; on a 50-row queue that is ~450 template
    renders (~300 ms), more than the whole page may take (< 150 ms). These cells hold
    plain text, so they are escaped and wrapped here instead.
    """

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return mark_safe(f"<td>{conditional_escape('' if value is None else value)}</td>")  # noqa: S308


class ChecksColumn(PlainColumn):
    def get_value(self, instance):
        return _checks_cell(instance)


def label_of(choices):
    """Accessor for a choice field's label, translated once per language rather than per cell."""
    labels = {}

    def accessor(field):
        def get(instance):
            language = get_language()
            if language not in labels:
                labels[language] = {value: str(label) for value, label in choices}
            return labels[language].get(getattr(instance, field), "")

        return get

    return accessor
