"""Registration only: the nominations' admin screens."""

from wagtail import hooks

from .viewsets import NominationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()
