"""Permissions are named in Chinese on the group screens, and renaming them twice changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from accounts.permission_names import translate_permission_names

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"[A-Za-z]{3,}")
ENGLISH_SENTENCE = re.compile(r"(Can|Publish|Lock|Unlock|Delete) ")


def test_after_migrate_no_permission_is_named_by_an_english_sentence():
    # The model's part of the name is the model's verbose name (an app's own business).
    english = [p.name for p in Permission.objects.all() if ENGLISH_SENTENCE.match(p.name)]
    assert not english, english[:10]
    from_libraries = Permission.objects.filter(content_type__app_label__in=["auth", "wagtailcore", "axes", "otp_totp"])
    assert not [p.name for p in from_libraries if ENGLISH.search(p.name.replace("API", ""))]
    assert Permission.objects.get(codename="add_group").name == "可添加组"
    # Wagtail's own permissions: ours, or upstream's translation when they were created
    # (after a flush) while Chinese was the active language.
    assert Permission.objects.get(codename="publish_page").name in ("可发布任意页面", "发布任意页面")
    assert translate_permission_names() == 0


def test_a_permission_created_later_in_english_is_renamed_by_the_next_run():
    permission = Permission.objects.get(codename="change_user")
    permission.name = "Can change user"
    permission.save()
    assert translate_permission_names() == 1
    permission.refresh_from_db()
    assert permission.name == "可修改用户"
    assert permission.codename == "change_user"  # what the code checks is untouched


def test_the_group_screen_shows_the_chinese_names(login):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pass-Word-123")
    page = login(admin).get(f"/admin/groups/edit/{Group.objects.first().pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "发布任意页面" in text and "Publish any page" not in text and "Can add" not in text
