"""Keep the role groups (see roles.py) and their permissions in step with the table."""

import logging

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import GROUP_NAMES, ROLE_PERMISSIONS, Role

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


# Page permissions of the role groups, on the home page (so on the whole tree).
CITY_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]


def sync_page_permissions(**kwargs):
    from wagtail.models import GroupPagePermission

    from notices.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        return
    group = group_for(Role.CITY_ADMIN)
    for codename in CITY_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
