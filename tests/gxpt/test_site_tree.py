"""A fresh install is never an empty site: the site map's pages exist after migrate."""

import pytest
from wagtail.models import Site

from gxpt.sitetree import SITE_MAP, ensure_site_tree
from notices.models import HomePage

pytestmark = pytest.mark.django_db


def test_the_default_site_serves_the_home_page_with_every_section():
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    titles = [page.title for page in home.get_children().live()]
    assert titles == [title for _label, title, _slug in SITE_MAP]


def test_running_it_again_adds_nothing():
    before = HomePage.objects.first().get_descendants().count()
    ensure_site_tree()
    assert HomePage.objects.first().get_descendants().count() == before


def test_home_page_links_the_three_main_boards(client):
    html = client.get("/").content.decode()
    for title in ("我要购买服务", "我要提供服务", "推荐目录"):
        assert f"<h2>{title}</h2>" in html
    assert 'lang="zh-CN"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/demand/",
        "/supply/",
        "/directory/",
        "/policies/",
        "/announcements/",
        "/downloads/",
        "/links/",
        "/messages/",
    ],
)
def test_every_section_page_answers(client, path):
    assert client.get(path).status_code == 200
