"""Hole 4 (documents): who sees and downloads a Wagtail document, from both sides."""

import pytest
from wagtail.models import Collection

from accounts.roles import Role
from catalog.models import District
from notices.models import PolicyAttachment
from tests.notices.conftest import make_document, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(db):
    from notices.models import PolicyIndexPage

    return PolicyIndexPage.objects.get()


def _in_district_collection(document, district):
    collection = Collection.get_first_root_node().get_children().get(name=district.name)
    document.collection = collection
    document.save()
    return document


@pytest.fixture
def files(policies, user_with_role):
    huangpu = District.objects.get(code="310101")
    xuhui = District.objects.get(code="310104")
    people = {
        "huangpu": user_with_role(Role.DISTRICT_ADMIN, district=huangpu),
        "xuhui": user_with_role(Role.DISTRICT_ADMIN, district=xuhui),
        "city": user_with_role(Role.CITY_ADMIN),
        "provider": user_with_role(Role.PROVIDER),
        "monitor": user_with_role(Role.MONITOR),
    }
    published = make_document("公开附件")
    live = make_notice(policies, title="已发布")
    live.attachments = [PolicyAttachment(document=published)]
    live.save_revision().publish()
    draft_file = _in_district_collection(make_document("黄浦草稿附件"), huangpu)
    draft = make_notice(policies, title="草稿", publish=False)
    draft.attachments = [PolicyAttachment(document=draft_file)]
    draft.save_revision()
    loose = make_document("未挂接文件")
    return people, published, draft_file, loose


def _get(client, document):
    return client.get(document.url)


def test_a_visitor_downloads_a_published_attachment_and_nothing_else(client, files):
    _, published, draft_file, loose = files
    response = _get(client, published)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _get(client, draft_file).status_code == 404
    assert _get(client, loose).status_code == 404


def test_a_provider_without_document_permissions_cannot_fetch_unpublished_files(files, login):
    people, published, draft_file, loose = files
    client = login(people["provider"])
    assert _get(client, published).status_code == 200
    assert _get(client, draft_file).status_code == 404
    assert _get(client, loose).status_code == 404


def test_district_admins_fetch_their_own_collections_files_only(files, login):
    people, _, draft_file, loose = files
    assert _get(login(people["huangpu"]), draft_file).status_code == 200
    assert _get(login(people["xuhui"]), draft_file).status_code == 404
    assert _get(login(people["xuhui"]), loose).status_code == 404
    assert _get(login(people["city"]), draft_file).status_code == 200
    assert _get(login(people["city"]), loose).status_code == 200


def _admin_api_titles(client):
    response = client.get("/admin/api/main/documents/")
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_the_admin_api_lists_documents_by_collection_permission(files, login):
    people, *_ = files
    assert _admin_api_titles(login(people["city"])) == {"公开附件", "黄浦草稿附件", "未挂接文件"}
    assert _admin_api_titles(login(people["huangpu"])) == {"黄浦草稿附件"}
    assert _admin_api_titles(login(people["xuhui"])) == set()
    assert _admin_api_titles(login(people["provider"])) == set()
    assert _admin_api_titles(login(people["monitor"])) == set()
