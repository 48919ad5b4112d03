"""The user manual (帮助 → 用户手册) matches the screens: every menu path it names is real."""

import io
import json
import re

import pytest
from docx import Document

from accounts.roles import Role
from notices import manual

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def menu_paths_seen_by(client) -> set[tuple[str, ...]]:
    props = json.loads(SIDEBAR.search(client.get("/admin/").content.decode()).group(1))
    paths: set[tuple[str, ...]] = set()

    def walk(node, trail):
        if isinstance(node, dict):
            args = node.get("_args")
            if node.get("_type", "").endswith(("MenuItem",)) and args and isinstance(args[0], dict):
                label = args[0].get("label")
                if label:
                    here = (*trail, label)
                    paths.add(here)
                    for value in node.values():
                        walk(value, here)
                    return
            for value in node.values():
                walk(value, trail)
        elif isinstance(node, list):
            for value in node:
                walk(value, trail)

    walk(props, ())
    return paths


@pytest.mark.parametrize("chapter", manual.ROLE_CHAPTERS, ids=lambda c: str(c.role))
def test_every_menu_path_in_a_role_chapter_is_in_that_roles_sidebar(chapter, user_with_role, login):
    seen = menu_paths_seen_by(login(user_with_role(chapter.role)))
    named = [tuple(path) for path in manual.menu_paths(chapter)]
    assert named, "a role chapter should point to its screens"
    for path in named + [tuple(p) for c in manual.GENERAL for p in manual.menu_paths(c)]:
        assert path in seen, f"{chapter.title}: 「{' → '.join(path)}」 is not in the sidebar"


def test_a_user_reads_the_general_chapters_and_its_own(user_with_role, login):
    client = login(user_with_role(Role.PROVIDER))
    page = client.get("/admin/manual/").content.decode()
    assert "二、社会组织" in page and "一、平台简介与登录" in page
    assert "五、市民政局管理员" not in page
    help_menu = client.get("/admin/").content.decode()
    assert "/admin/manual/" in help_menu and "guide.wagtail.org" not in help_menu


def test_the_downloadable_manual_has_every_chapter():
    document = Document(io.BytesIO(manual.as_docx()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for chapter in manual.all_chapters():
        assert chapter.title in headings
