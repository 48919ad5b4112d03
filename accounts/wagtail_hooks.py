"""Registration only: the scoped bulk actions (the user and group permission policies
are registered by users_app.UsersAppConfig.ready, after Wagtail's own)."""

from wagtail import hooks

from .bulk_actions import BULK_ACTIONS

# After Wagtail's own registration (order 0): the registry keeps the last class per type.
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)
