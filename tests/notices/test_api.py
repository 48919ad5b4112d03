"""The headless API (Wagtail v2 at /api/v2/): notice fields exposed, drafts and private pages never."""

import pytest
from wagtail.models import PageViewRestriction

from notices.models import AnnouncementPage, PolicyAttachment

from .conftest import folder, make_document, make_notice

pytestmark = pytest.mark.django_db


def items(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200
    return response.json()["items"]


def test_a_notice_exposes_its_document_fields_and_attachments(client, policies):
    notice = make_notice(
        policies,
        title="关于开展推荐目录工作的通知",
        document_number="沪社服发〔2021〕5号",
        issue_date="2021-06-24",
        summary="摘要",
        body=[{"type": "paragraph", "value": "<p>正文</p>"}],
        publish=False,
    )
    notice.attachments = [PolicyAttachment(document=make_document("推荐意见表"), title="附件2")]
    notice.save_revision().publish()
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert data["meta"]["type"] == "notices.PolicyPage"
    assert data["document_number"] == "沪社服发〔2021〕5号"
    assert data["issue_date"] == "2021-06-24"
    assert data["issuing_body"] == "上海市民政局"
    assert data["level"] == "city" and data["district"] is None
    assert data["body"][0]["type"] == "paragraph"
    [attachment] = data["attachments"]
    assert attachment["title"] == "附件2"
    assert attachment["file"]["title"] == "推荐意见表"
    assert attachment["file"]["download_url"].endswith(".xlsx")


def test_a_district_notice_names_its_district(client, policies, huangpu, district_admin):
    district_admin(huangpu)
    notice = make_notice(folder(policies, huangpu), title="黄浦区通知")
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert data["level"] == "district"
    assert data["district"] == {"code": "310101", "name": "黄浦区"}


def test_the_listing_filters_by_type_and_returns_fields(client, policies, announcements):
    make_notice(policies, title="政策一", document_number="沪民〔2026〕1号")
    make_notice(announcements, title="公告一", model=AnnouncementPage)
    found = items(client, type="notices.PolicyPage", fields="document_number,issue_date")
    assert [item["title"] for item in found] == ["政策一"]
    assert found[0]["document_number"] == "沪民〔2026〕1号"


def test_drafts_are_invisible(client, policies):
    draft = make_notice(policies, title="草稿通知", publish=False)
    assert "草稿通知" not in [item["title"] for item in items(client, type="notices.PolicyPage")]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_unpublished_changes_of_a_live_notice_are_invisible(client, policies):
    notice = make_notice(policies, title="已发布标题", summary="已发布摘要")
    notice.title = "未发布的修改"
    notice.summary = "未发布的摘要"
    notice.save_revision()
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert (data["title"], data["summary"]) == ("已发布标题", "已发布摘要")


def test_private_pages_are_invisible(client, policies):
    private = make_notice(policies, title="内部通知")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "内部通知" not in [item["title"] for item in items(client, type="notices.PolicyPage")]
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_documents_endpoint_lists_only_files_of_live_public_pages(client, policies):
    shown = make_document("公开附件")
    hidden = make_document("草稿附件")
    live = make_notice(policies, title="公开", publish=False)
    live.attachments = [PolicyAttachment(document=shown)]
    live.save_revision().publish()
    draft = make_notice(policies, title="草稿", publish=False)
    draft.attachments = [PolicyAttachment(document=hidden)]
    draft.save()
    titles = [item["title"] for item in client.get("/api/v2/documents/").json()["items"]]
    assert titles == ["公开附件"]
    assert client.get(f"/api/v2/documents/{hidden.pk}/").status_code == 404


def test_the_listing_issues_a_fixed_number_of_queries(
    client, policies, django_assert_max_num_queries
):
    document = make_document()
    for number in range(12):
        notice = make_notice(
            policies,
            title=f"通知{number}",
            document_number=f"沪民〔2026〕{number}号",
            publish=False,
        )
        notice.attachments = [PolicyAttachment(document=document)]
        notice.save_revision().publish()
    with django_assert_max_num_queries(12):
        found = items(
            client,
            type="notices.PolicyPage",
            fields="document_number,issue_date,level,district,attachments",
        )
    assert len(found) == 12
    assert all(item["attachments"] for item in found)


def test_the_openapi_document_lists_the_wagtail_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application") else None
    if schema is None:  # YAML by default
        import yaml

        schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    for endpoint in ("pages", "images", "documents"):
        assert f"/api/v2/{endpoint}/" in paths
        assert f"/api/v2/{endpoint}/{{id}}/" in paths
    detail = paths["/api/v2/pages/{id}/"]["get"]["responses"]["200"]
    ref = detail["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert {"document_number", "issuing_body", "issue_date", "attachments"} <= fields.keys()
