"""Fixtures of the notices tests: sections, district folders, notices and files."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from accounts.roles import Role
from catalog.models import District
from notices.models import (
    AnnouncementIndexPage,
    DistrictNoticeIndexPage,
    PolicyIndexPage,
    PolicyPage,
)


@pytest.fixture
def policies(db):
    return PolicyIndexPage.objects.get()


@pytest.fixture
def announcements(db):
    return AnnouncementIndexPage.objects.get()


@pytest.fixture
def huangpu(db):
    return District.objects.get(code="310101")


@pytest.fixture
def xuhui(db):
    return District.objects.get(code="310104")


@pytest.fixture
def district_admin(user_with_role):
    """district_admin(district): a district admin account (its folders are created with it)."""

    def _make(district):
        return user_with_role(Role.DISTRICT_ADMIN, district=district)

    return _make


def folder(section, district):
    return DistrictNoticeIndexPage.objects.child_of(section).get(district=district)


def make_notice(parent, *, publish=True, model=PolicyPage, **fields):
    fields.setdefault("title", "测试通知")
    fields.setdefault("issuing_body", "上海市民政局")
    # A new page is live unless told otherwise (Wagtail's admin sets live=False on drafts).
    fields.setdefault("live", publish)
    page = model(**fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_document(title="测试附件", content=b"PK\x03\x04 attachment bytes", filename="file.xlsx"):
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document
