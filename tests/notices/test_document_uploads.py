"""Documents uploaded in the admin are checked by content, not only by name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from accounts.roles import Role
from notices import demofiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_client(user_with_role, login):
    return login(user_with_role(Role.CITY_ADMIN))


def test_a_real_spreadsheet_is_accepted(city_client):
    root = Collection.get_first_root_node()
    response = city_client.post(
        "/admin/documents/add/",
        {
            "title": "推荐意见表",
            "file": SimpleUploadedFile("form.xlsx", demofiles.recommendation_form()),
            "collection": root.pk,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="推荐意见表").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("form.xlsx", b"MZ\x90\x00 an executable renamed"),
        ("notice.pdf", b"<html>not a pdf</html>"),
        ("readme.txt", b"\xff\xfe\x00\x00\x81\x81\xff"),
        ("empty.pdf", b""),
    ],
)
def test_a_file_whose_content_does_not_match_its_name_is_refused_in_chinese(
    city_client, name, content
):
    root = Collection.get_first_root_node()
    before = get_document_model().objects.count()
    response = city_client.post(
        "/admin/documents/add/",
        {"title": "伪装文件", "file": SimpleUploadedFile(name, content), "collection": root.pk},
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    assert any(word in errors for word in ("不符", "编码", "为空", "空"))
    assert get_document_model().objects.count() == before
