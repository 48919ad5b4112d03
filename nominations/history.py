"""How an application's history reads: one Wagtail log action per action of the transition table.

`workflow.perform` logs every step as `nominations.<action>` with the party, the
statuses before and after and the opinion in the entry's data; these formatters
turn them into the lines of the admin's History view and of the review page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from .models import Status
from .workflow import Action, Actor


def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else "—"


def describe(data: dict) -> str:
    """「区民政局：已提交 → 区级退回」, with the expert for an assignment."""

    # An entry without a party is a system step (an import, or one logged before parties were).
    actor = Actor.LABELS.get(data.get("actor") or Actor.SYSTEM, data.get("actor"))
    if not (data.get("from") or data.get("to")):
        text = str(actor)
    else:
        text = _("%(actor)s：%(before)s → %(after)s") % {
            "actor": actor,
            "before": status_label(data.get("from", "")),
            "after": status_label(data.get("to", "")),
        }
    if data.get("expert"):
        text += _("（专家：%(expert)s）") % {"expert": data["expert"]}
    return text


def register_actions(actions) -> None:

    for action, label in Action.LABELS.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, label=label):
                data = log_entry.data or {}
                message = f"{label} — {describe(data)}"
                if data.get("opinion"):
                    # The generic History view shows no comments for models: keep it in the line.
                    message += _("；意见：%(opinion)s") % {"opinion": data["opinion"]}
                return message

            def format_comment(self, log_entry):
                return (log_entry.data or {}).get("opinion", "")

        Formatter.label = label
        actions.register_action(f"nominations.{action}")(Formatter)
    # Applications of past rounds brought in as history (demo data, imports).
    actions.register_action(
        "nominations.import", gettext_lazy("历史数据导入"), gettext_lazy("历史数据导入")
    )
