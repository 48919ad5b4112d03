"""Registration only: the monitoring menu, its permission policies, the dashboard panel, the
message board page's form, the objections' log actions and their links on a provider's
credit events."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from catalog.panels import CREDIT_EVENT_ACTIONS_HOOK
from notices.models import MessageBoardPage

from . import objections, views, work_queue
from .models import Flag, Message, Objection
from .objection_viewsets import ObjectionPolicy
from .statistics_views import OpenFlagsPanel
from .viewsets import AnswerOnlyPolicy, ModerationViewSetGroup, ReadOnlyPolicy

register_permission_policy(Flag, ReadOnlyPolicy(Flag))
register_permission_policy(Message, AnswerOnlyPolicy(Message))
register_permission_policy(Objection, ObjectionPolicy(Objection))


@hooks.register("register_admin_viewset")
def register_monitoring():
    return ModerationViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_open_flags_panel(request, panels):
    if request.user.has_perm("moderation.view_statistics"):
        panels.append(OpenFlagsPanel(request.user))


@hooks.register("before_serve_page")
def serve_message_board(page, request, serve_args, serve_kwargs):
    """/messages/ is the message board page; its form and messages are moderation's."""
    if isinstance(page, MessageBoardPage):
        return views.message_board(request, page)
    return None


@hooks.register(CREDIT_EVENT_ACTIONS_HOOK)
def credit_event_links(request, events):
    """提出异议 / 信用修复 beside the events on a provider's record, for its own accounts."""
    return objections.credit_event_links(request.user, events)


hooks.register("register_work_queue_items", work_queue.items)
hooks.register("register_log_actions", objections.register_log_actions)
