"""Hole 8: the three requests of the report, and the shape of every API error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/supply-listings/?provider=9223372036854775808",
        "/api/demand-listings/?purchaser=-1e123",
        "/api/demand-listings/?budget_min=1e40",
        "/api/v2/pages/find/?id=null&id=null",
        "/api/v2/documents/find/?id=false",
        "/api/v2/pages/?search=%00",
        "/api/supply-listings/?q=%00",
        "/api/search/?q=%00",
    ],
)
def test_bad_input_is_answered_400_with_a_chinese_message(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:500]
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail)


def test_a_validation_error_names_the_parameter(client):
    body = client.get("/api/supply-listings/?provider=abc").json()
    assert "provider" in body["errors"] and body["detail"].startswith("请求参数有误")


def test_an_unknown_api_path_answers_json_404(client):
    response = client.get("/api/supply-listings/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到"}


def test_an_unknown_page_still_answers_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_every_operation_documents_its_400_and_404(client):
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "404"} <= operation["responses"].keys(), (method, path)
