"""The history's change summaries read as Chinese: 是/否, choice labels, no HTML, the role's name."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType

from catalog.models import Provider
from security.audit import AuditFormatter
from security.changes import summary

pytestmark = pytest.mark.django_db


def entry(changes):
    content_type = ContentType.objects.get_for_model(Provider)
    return SimpleNamespace(data={"changes": changes}, content_type_id=content_type.pk, content_type=content_type)


def test_booleans_choices_and_rich_text_are_shown_as_a_reader_wants_them():
    text = summary(
        entry(
            {
                "is_seriously_dishonest": [False, True],
                "registration_level": ["district", "city"],
                "summary": [None, "<p>扎根<b>社区</b></p>"],
            }
        )
    )
    assert "：否 → 是" in text
    assert "登记级别：区级 → 市级" in text
    assert "— → 扎根社区" in text and "<" not in text
    assert "True" not in text and "False" not in text


def test_an_audit_entry_names_the_role():
    formatter = type("F", (AuditFormatter,), {"label": "登录", "message": "登录"})()
    message = formatter.format_message(SimpleNamespace(data={"role": "city_admin", "ip": "127.0.0.1"}))
    assert message == "登录（角色 市民政局管理员，地址 127.0.0.1）"
    superuser = formatter.format_message(SimpleNamespace(data={"role": "superuser"}))
    assert superuser == "登录（角色 超级管理员）"
