"""Registration only: the monitoring menu, its permission policies, the dashboard panel, the
message board page's form and the objections' log actions."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

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


hooks.register("register_work_queue_items", work_queue.items)
hooks.register("register_log_actions", objections.register_log_actions)
