"""The inbox's bulk action: mark the selected notifications read (only the user's own)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from .models import Notification


class MarkReadBulkAction(BulkAction):
    display_name = _("标为已读")
    action_type = "mark_read"
    aria_label = _("将选中的消息标为已读")
    template_name = "notifications/bulk_actions/confirm_mark_read.html"
    models = [Notification]

    def own(self):
        return Notification.objects.filter(recipient=self.request.user)

    def get_all_objects_in_listing_query(self, parent_id):
        return self.own().values_list("pk", flat=True)

    def get_actionable_objects(self):
        # Another user's notification is not found (rather than listed as
        # "no permission": its title is not the requester's to read).
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            objects = list(self.own())
        else:
            objects = list(self.own().filter(pk__in=[pk for pk in ids if pk.isdigit()]))
        return objects, {"items_with_no_access": []}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        count = Notification.objects.filter(
            pk__in=[n.pk for n in objects], recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
        return count, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "已将 %(n)d 条消息标为已读。", "已将 %(n)d 条消息标为已读。", num_parent_objects
        ) % {"n": num_parent_objects}
