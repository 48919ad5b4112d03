"""Keep the role groups (see roles.py) and their permissions in step with the table.

`sync_role_groups` runs after every migrate (from the project app, once every
app's permissions exist); `sync_user_role_group` gives one user the group of its
account's role and takes the other role groups away.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import GROUP_NAMES, ROLE_PERMISSIONS

logger = logging.getLogger(__name__)


def sync_role_groups(**kwargs):
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    query = Q()
    for perm in wanted:
        app_label, codename = perm.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.filter(query).select_related("content_type")
    }
    missing = wanted - found.keys()
    if missing:
        logger.warning("Role permissions not defined (yet): %s", ", ".join(sorted(missing)))
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set([found[p] for p in perms if p in found])


def group_for(role: str) -> Group:
    return Group.objects.get(name=GROUP_NAMES[role])


def sync_user_role_group(user, role: str) -> None:
    """The role's group carries the admin menus; the other role groups go."""
    role_groups = user.groups.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*role_groups.exclude(name=GROUP_NAMES[role]))
    user.groups.add(group_for(role))
