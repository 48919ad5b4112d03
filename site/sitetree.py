"""The page tree of the site map (DOMAIN.md, `001` art. 9) and the city admins' page
permissions on it, created after every migrate.

Idempotent: a page that exists (by type) is left as it is, so editors' changes
to titles and intros survive later migrations.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Collection, GroupPagePermission, Locale, Page, Site

from accounts.groups import group_for
from accounts.roles import Role

# (page model, title, slug), in menu order.
SITE_MAP = [
    ("catalog.DemandIndexPage", "我要购买服务", "demand"),
    ("catalog.SupplyIndexPage", "我要提供服务", "supply"),
    ("nominations.DirectoryIndexPage", "推荐目录", "directory"),
    ("notices.PolicyIndexPage", "政策法规", "policies"),
    ("notices.AnnouncementIndexPage", "公示公告", "announcements"),
    ("notices.DownloadIndexPage", "资料下载", "downloads"),
    ("notices.LinkIndexPage", "友情链接", "links"),
    ("notices.MessageBoardPage", "留言区", "messages"),
]

HOME_TITLE = "上海市政府购买社会组织服务供需对接平台"
ROOT_TITLE = "全部站点"
ROOT_COLLECTION = "全部文件"
HOME_INTRO = (
    "<p>购买主体发布服务需求，社会组织发布服务项目，供需双方在此相互了解、线下对接；"
    "市民政局每年在此编制并发布《上海市承接政府购买服务社会组织推荐目录》。</p>"
)


def ensure_wagtail_roots():
    """Wagtail's locale, root page and root collection, which its migrations create.

    A test flush (TransactionTestCase, live_server) empties those tables too.
    """

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    # Wagtail names both roots "Root"; editors see them in the page explorer and the
    # documents' collection column.
    root = Page.get_first_root_node()
    if root is None:
        Page.add_root(title=ROOT_TITLE, slug="root", live=True)
    elif root.title == "Root":
        Page.objects.filter(pk=root.pk).update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    collection = Collection.get_first_root_node()
    if collection is None:
        Collection.add_root(name=ROOT_COLLECTION)
    elif collection.name == "Root":
        Collection.objects.filter(pk=collection.pk).update(name=ROOT_COLLECTION)
    rename_wagtail_defaults()


# Wagtail's own migrations create two groups and a review workflow with English names,
# shown to admins in 设置 → 用户组 and the workflow screens.
WAGTAIL_DEFAULT_NAMES = {
    ("auth", "Group"): {"Editors": "页面编辑", "Moderators": "页面审核"},
    ("wagtailcore", "Workflow"): {"Moderators approval": "页面审核流程"},
    ("wagtailcore", "Task"): {"Moderators approval": "页面审核"},
}


def rename_wagtail_defaults():
    for (app_label, model_name), names in WAGTAIL_DEFAULT_NAMES.items():
        model = apps.get_model(app_label, model_name)
        for english, chinese in names.items():
            if not model.objects.filter(name=chinese).exists():
                model.objects.filter(name=english).update(name=chinese)


@transaction.atomic
def ensure_site_tree():
    ensure_wagtail_roots()
    HomePage = apps.get_model("notices", "HomePage")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            return
        # Wagtail's own migration leaves a placeholder "Welcome" page at /home/.
        for placeholder in root.get_children().filter(slug="home").exact_type(Page):
            if not placeholder.get_children().exists():
                placeholder.delete()
        home = HomePage(title=HOME_TITLE, slug="home", intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="供需对接平台",
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or "供需对接平台"
            site.save()
    for label, title, slug in SITE_MAP:
        model = apps.get_model(label)
        if model.objects.exists():
            continue
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
        page.save_revision().publish()


def section(label: str):
    """The live page of a site-map section, or None (used by templates and views)."""
    model = apps.get_model(label)
    return model.objects.live().first()


# Page permissions of the city admins' role group, on the home page (so on the whole tree).
CITY_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]


def sync_page_permissions(**kwargs):
    home = apps.get_model("notices", "HomePage").objects.first()
    if home is None:
        return
    group = group_for(Role.CITY_ADMIN)
    for codename in CITY_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
