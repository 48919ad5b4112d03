"""The roles of DOMAIN.md, mapped once: code, Chinese group name, permissions, who issues whom.

Each role is a Django group whose permissions decide which admin menus a user
sees; *which records* a user may touch (its own organization, its district) is
decided by what its `accounts.Account` acts for, through `accounts.scope`. Apps
add their permissions to ROLE_PERMISSIONS as they grow (as strings: this app
imports none of them); `accounts.groups.sync_role_groups` (run after every
migrate) makes the groups match this table exactly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER = "provider", _("社会组织")
    PURCHASER = "purchaser", _("购买主体")
    DISTRICT_ADMIN = "district_admin", _("区民政局管理员")
    CITY_ADMIN = "city_admin", _("市民政局管理员")
    MONITOR = "monitor", _("市社会组织服务中心")
    EXPERT = "expert", _("评审专家")


# Group names are data that admins see in Wagtail's group screens; they are
# fixed Chinese strings so a language switch never renames a group.
GROUP_NAMES: dict[str, str] = {
    Role.PROVIDER: "社会组织",
    Role.PURCHASER: "购买主体",
    Role.DISTRICT_ADMIN: "区民政局管理员",
    Role.CITY_ADMIN: "市民政局管理员",
    Role.MONITOR: "市社会组织服务中心",
    Role.EXPERT: "评审专家",
}

# Every role enters the admin and has a message inbox (notifications.Notification:
# the inbox's policy limits the rows to the user's own).
ADMIN = ["wagtailadmin.access_admin", "notifications.view_notification"]


def crud(app_model: str, *actions: str) -> list[str]:
    app, model = app_model.split(".")
    return [
        f"{app}.{action}_{model}" for action in (actions or ("add", "change", "delete", "view"))
    ]


USER_ADMIN = crud("auth.user", "add", "change", "view")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROVIDER: [
        *ADMIN,
        *crud("catalog.provider", "change", "view"),
        *crud("catalog.supplylisting", "add", "change", "view", "publish"),
        *crud("nominations.application"),
        *crud("moderation.flag", "view", "respond"),
        *crud("moderation.objection", "add", "view"),
    ],
    Role.PURCHASER: [
        *ADMIN,
        *crud("catalog.purchaser", "change", "view"),
        *crud("catalog.demandlisting", "add", "change", "view", "publish"),
        *crud("moderation.flag", "view", "respond"),
        *crud("moderation.objection", "add", "view"),
    ],
    Role.DISTRICT_ADMIN: [
        *ADMIN,
        *crud("catalog.provider", "add", "change", "view"),
        *crud("catalog.purchaser", "add", "change", "view"),
        *crud("catalog.demandlisting", "add", "change", "view", "publish"),
        *crud("catalog.supplylisting", "add", "change", "view", "publish"),
        *crud("catalog.annualinspection"),
        *USER_ADMIN,
        *crud("nominations.application", "change", "view"),
        *crud("nominations.districtsummary", "add", "change", "view"),
        *crud("moderation.flag", "view"),
        *crud("moderation.objection", "view"),
        "moderation.view_statistics",
    ],
    Role.CITY_ADMIN: [
        *ADMIN,
        *crud("catalog.provider"),
        *crud("catalog.purchaser"),
        *crud("catalog.servicedomain"),
        *crud("catalog.district", "change", "view"),
        *crud("catalog.demandlisting", "add", "change", "delete", "view", "publish"),
        *crud("catalog.supplylisting", "add", "change", "delete", "view", "publish"),
        *crud("catalog.annualinspection"),
        *USER_ADMIN,
        *crud("nominations.round", "add", "change", "view"),
        *crud("nominations.application", "change", "view"),
        *crud("nominations.districtsummary", "view"),
        *crud("nominations.expertreview", "view"),
        *crud("nominations.objection", "change", "view"),
        *crud("moderation.flag", "view"),
        *crud("moderation.message", "change", "view"),
        *crud("moderation.objection", "view"),
        "moderation.answer_objection",
        "moderation.reverse_credit_event",
        "moderation.view_statistics",
        *crud("search.synonym"),
        *crud("search.searchstat", "view"),
        *crud("search.clickstat", "view"),
    ],
    Role.MONITOR: [
        *ADMIN,
        *crud("catalog.provider", "view"),
        *crud("catalog.purchaser", "view"),
        *crud("catalog.demandlisting", "view"),
        *crud("catalog.supplylisting", "view"),
        *crud("catalog.annualinspection", "view"),
        *crud("nominations.application", "view"),
        *crud("nominations.expertreview", "add", "view"),
        *crud("moderation.flag", "change", "view"),
        *crud("moderation.message", "change", "view"),
        *crud("moderation.objection", "view"),
        "moderation.answer_objection",
        "moderation.view_statistics",
        *crud("search.searchstat", "view"),
        *crud("search.clickstat", "view"),
    ],
    Role.EXPERT: [*ADMIN, *crud("nominations.expertreview", "change", "view")],
}

# Roles that see every record of the city (superusers too): the city bureau and
# the monitoring centre.
CITY_WIDE_ROLES = {Role.CITY_ADMIN, Role.MONITOR}

# Who issues which accounts (DOMAIN.md: accounts come from city or district
# admins; a district admin issues its district's organizations). Nobody issues or
# manages its own role, an equal-but-other scope: a city admin does not edit or
# reset another city admin, as a district admin does not another district's.
# Superusers issue every role, city admins included.
ISSUABLE_ROLES: dict[str, list[str]] = {
    Role.CITY_ADMIN: [role for role in Role.values if role != Role.CITY_ADMIN],
    Role.DISTRICT_ADMIN: [Role.PROVIDER, Role.PURCHASER],
}
ACCOUNT_ISSUERS = set(ISSUABLE_ROLES)

# Roles whose users see listings' private contact details (every signed-in
# organization and administration; not experts, not visitors).
PRIVATE_DETAIL_ROLES = {
    Role.PROVIDER,
    Role.PURCHASER,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
    Role.MONITOR,
}
