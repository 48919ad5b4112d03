"""Who publishes which notices, in Wagtail's own terms: groups, page permissions, workflows.

- City admins (their role group) hold page permissions on the home page, so on
  every notice (gxpt.sitetree); here they also get the document library.
- Each district with a district admin gets a folder in 政策法规 and in 公示公告
  (DistrictNoticeIndexPage), a group (DistrictNoticeGroup) with add, edit and
  publish permissions on those two folders only, a document collection, and a
  review workflow whose approvers are that group. A district admin joins its
  district's group when its account is saved (receiver below), and leaves it
  when its role or district changes. The set-up is built when the account is
  new, when its role or district changed, or when the district has none yet: an
  unchanged re-save only checks the membership (a few queries, not hundreds).
- 公告编辑 (notice editors): add and edit, no publish, on both sections; they
  submit to the section's workflow (draft → review → publish). City notices are
  reviewed by the city admins, a district's by that district's group.

Everything here is idempotent: it runs after every migrate (and test flush) and
on every account save.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.groups import group_for
from accounts.models import Account
from accounts.roles import Role
from catalog.models import District

from .models import (
    AnnouncementIndexPage,
    DistrictNoticeGroup,
    DistrictNoticeIndexPage,
    PolicyIndexPage,
)

CITY_WORKFLOW = "市级公告审核"
CITY_TASK = "市民政局审核"
EDITOR_GROUP = "公告编辑"
DISTRICT_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
CITY_DOCUMENT_PERMISSIONS = [*DOCUMENT_PERMISSIONS, "delete_document"]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_collection(group, collection, codenames):
    for codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtaildocs", codename)
        )


def _workflow(name, task_name, group):
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created or not workflow.workflow_tasks.exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name=task_name)
        task.groups.add(group)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _assign(workflow, page):
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def root_collection():
    """Wagtail's root collection; a test flush empties the table its migration filled."""

    return Collection.get_first_root_node() or Collection.add_root(name="全部文件")


def sections():
    return [
        page
        for page in (PolicyIndexPage.objects.first(), AnnouncementIndexPage.objects.first())
        if page is not None
    ]


def set_up_publishing():
    # gxpt calls it after migrate/flush, once the districts, the role groups,
    # Wagtail's roots and the page tree exist.
    ensure_city_publishing()
    for district_id in (
        Account.objects.filter(role=Role.DISTRICT_ADMIN)
        .exclude(district=None)
        .values_list("district_id", flat=True)
        .distinct()
    ):
        ensure_district_publishing(District.objects.get(pk=district_id))


@transaction.atomic
def ensure_city_publishing():
    city = group_for(Role.CITY_ADMIN)
    root = root_collection()
    _grant_collection(city, root, CITY_DOCUMENT_PERMISSIONS)
    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    editors.permissions.add(_permission("wagtailadmin", "access_admin"))
    _grant_collection(editors, root, DOCUMENT_PERMISSIONS)
    workflow = _workflow(CITY_WORKFLOW, CITY_TASK, city)
    for section in sections():
        _grant_pages(editors, section, EDITOR_PAGE_PERMISSIONS)
        _assign(workflow, section)


@transaction.atomic
def ensure_district_publishing(district) -> Group | None:
    """The folders, group, collection and workflow of `district`'s notices; its group."""

    link = DistrictNoticeGroup.objects.select_related("group").filter(district=district).first()
    if link is None:
        group, _ = Group.objects.get_or_create(name=f"{district.name}公告发布")
        link = DistrictNoticeGroup.objects.create(district=district, group=group)
    group = link.group
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    root = root_collection()
    collection = root.get_children().filter(name=district.name).first()
    if collection is None:
        collection = root.add_child(name=district.name)
    _grant_collection(group, collection, DOCUMENT_PERMISSIONS)
    workflow = _workflow(f"{district.name}公告审核", f"{district.name}民政局审核", group)
    for section in sections():
        folder = DistrictNoticeIndexPage.objects.child_of(section).filter(district=district).first()
        if folder is None:
            folder = DistrictNoticeIndexPage(
                title=f"{district.name}{section.title}", slug=district.code, district=district
            )
            section.add_child(instance=folder)
            folder.save_revision().publish()
        _grant_pages(group, folder, DISTRICT_PAGE_PERMISSIONS)
        _assign(workflow, folder)
    return group


# What a district admin's publishing set-up depends on (Account.changed_fields).
SETUP_FIELDS = {"role", "district_id"}


def on_account_saved(sender, instance, created=False, **kwargs):
    """A district admin belongs to its own district's notice group and no other."""

    user = instance.user
    keep = None
    if instance.role == Role.DISTRICT_ADMIN and instance.district_id:
        link = (
            DistrictNoticeGroup.objects.select_related("group")
            .filter(district_id=instance.district_id)
            .first()
        )
        if created or link is None or SETUP_FIELDS & instance.changed_fields():
            keep = ensure_district_publishing(instance.district)
        else:
            keep = link.group
    others = Group.objects.filter(pk__in=DistrictNoticeGroup.objects.values("group_id"), user=user)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
        user.groups.add(keep)
    user.groups.remove(*others)
