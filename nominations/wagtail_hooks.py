"""Registration only: the nominations' permission policies and admin screens."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .permissions import POLICIES
from .viewsets import NominationsViewSetGroup

for _policy in POLICIES:
    register_permission_policy(_policy.model, _policy)


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()
