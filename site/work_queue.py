"""The dashboard's work queue (待办事项): what waits for the signed-in user, each a link.

Every app contributes the items it knows about through the `register_work_queue_items`
hook: a function of the user returning dicts of `WorkItem`'s fields (<app>/work_queue.py). Each item is one COUNT query, so
the panel costs a bounded number of queries whatever the data; an item with nothing
waiting is left out unless it says otherwise.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

HOOK = "register_work_queue_items"


@dataclass(frozen=True)
class WorkItem:
    label: str  # e.g. 待审核
    count: int
    url: str  # the list, filtered to exactly these
    unit: str = "件"
    urgent: bool = False  # overdue: shown first and marked
    order: int = 100


def items_for(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provide in hooks.get_hooks(HOOK):
        # The apps below the project app return plain dicts (they may not import it).
        items.extend(WorkItem(**item) for item in provide(user))
    waiting = [item for item in items if item.count]
    return sorted(waiting, key=lambda item: (not item.urgent, item.order))


class WorkQueuePanel(Component):
    name = "work_queue"
    order = 10
    template_name = "gxpt/admin/work_queue_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"items": items_for(self.user), "title": _("待办事项")}
