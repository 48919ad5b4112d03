"""The page tree of the site map (DOMAIN.md, `001` art. 9) and the city admins' page
permissions on it, created after every migrate.

Idempotent: a page that exists (by type) is left as it is, so editors' changes
to titles and intros survive later migrations.
"""

from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

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
HOME_INTRO = (
    "<p>购买主体发布服务需求，社会组织发布服务项目，供需双方在此相互了解、线下对接；"
    "市民政局每年在此编制并发布《上海市承接政府购买服务社会组织推荐目录》。</p>"
)


def ensure_wagtail_roots():
    """Wagtail's locale, root page and root collection, which its migrations create.

    A test flush (TransactionTestCase, live_server) empties those tables too.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", live=True)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@transaction.atomic
def ensure_site_tree():
    from wagtail.models import Page, Site

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
