"""Registration only: the nominations' admin screens."""

from wagtail import hooks

from .views import NominationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()
