"""Ending a user's sessions (an admin's action, e.g. when a device is lost or a person leaves).

Every session of the user signed in before now stops counting: `AccountSecurity.
sessions_valid_after` is compared with each session's sign-in time by
`security.guards` on the next request, whatever the session backend. Allowed to the
users who may change that user (the user model's permission policy, accounts.issuing),
never on GET.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.issuing import manageable_users
from accounts.scoped_views import policy_of

from .models import AccountSecurity


def may_manage(request_user, user) -> bool:
    return policy_of(get_user_model()).user_has_permission_for_instance(
        request_user, "change", user
    )


def end_sessions(user) -> None:
    state = AccountSecurity.of(user)
    state.sessions_valid_after = timezone.now()
    state.save(update_fields=["sessions_valid_after"])


@require_POST
def end_sessions_view(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    if not manageable_users(request.user, get_user_model().objects.filter(pk=pk)).exists():
        raise Http404
    if not may_manage(request.user, user):
        raise PermissionDenied
    end_sessions(user)
    messages.success(request, _("已结束用户 %(name)s 的全部会话。") % {"name": user.get_username()})
    return redirect("wagtailusers_users:index")
