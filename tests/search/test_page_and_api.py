"""The public search page and the JSON API: results, facets, bad input, and an unreachable server."""

import pytest

from search import registry

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(backend):
    records = corpus.build()
    backend.rebuild(registry.all_documents())
    return records


def test_the_page_shows_highlighted_results_and_facets(client, records):
    response = client.get("/search/", {"q": "居家照护"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>居家照护</mark>" in html
    assert "社区居家照护服务项目" in html.replace("<mark>", "").replace("</mark>", "")
    assert "需求项目" in html and "黄浦区" in html  # facet labels
    assert "13900001111" not in html


def test_a_facet_link_keeps_the_query_and_narrows_the_results(client, records):
    response = client.get("/search/", {"q": "服务", "kind": "supply", "district": "徐汇区"})
    html = response.content.decode()
    assert "青少年" in html and "老年人日间照料" not in html
    assert "q=%E6%9C%8D%E5%8A%A1" in html  # links keep q=服务


def test_bad_parameters_get_a_chinese_message_and_no_stack_trace(client, records):
    response = client.get("/search/", {"q": "养老", "page": "abc", "year": "明年"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "搜索条件有误" in html and "Traceback" not in html


def test_the_api_returns_results_facets_and_pages(client, records, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # facet labels: one query, whatever the page size
        response = client.get("/api/search/", {"q": "服务", "per_page": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 4 and len(data["results"]) == 2 and data["pages"] >= 2
    kinds = {f["value"]: f for f in data["facets"]["kind"]}
    assert kinds["supply"]["label"] == "服务项目" and kinds["supply"]["count"] == 2
    assert all("phone" not in hit and "13900001111" not in str(hit) for hit in data["results"])


def test_the_api_refuses_bad_parameters_with_a_clear_message(client, records):
    response = client.get("/api/search/", {"per_page": 1000, "sort": "price"})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"per_page", "sort"}
    assert "per_page" in body["detail"]  # one line naming the parameters (gxpt.api)


def test_the_suggest_api_completes_names(client, records):
    response = client.get("/api/search/suggest/", {"q": "乐龄"})
    assert response.status_code == 200
    texts = [s["text"] for s in response.json()["suggestions"]]
    assert "上海市黄浦区乐龄社区养老服务中心" in texts


def test_both_endpoints_are_in_the_openapi_document(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/search/" in schema["paths"] and "/api/search/suggest/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {
        "q",
        "kind",
        "domain1",
        "domain2",
        "district",
        "year",
        "status",
        "sort",
        "page",
    } <= parameters


def test_an_unreachable_search_server_falls_back_to_the_embedded_index_and_says_so(
    client, settings, embedded_index
):
    records = corpus.build()
    from search.backends.embedded import EmbeddedBackend

    EmbeddedBackend().rebuild(registry.all_documents())
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/search/", {"q": "居家照护"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "全文检索服务暂时无法连接" in html
    assert f"demand:{records['care'].pk}" not in html  # keys are not shown
    assert "居家照护" in html
    api = client.get("/api/search/", {"q": "居家照护"}).json()
    assert api["notice"] and api["total"] >= 1
    assert api["results"][0]["key"] == f"demand:{records['care'].pk}"


def test_an_unreachable_search_server_without_fallback_is_said_plainly(
    client, settings, embedded_index
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_EMBEDDED_FALLBACK = False
    response = client.get("/search/", {"q": "居家照护"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "全文检索服务暂时无法连接，请稍后再试" in html and "Traceback" not in html
    api = client.get("/api/search/", {"q": "居家照护"})
    assert api.status_code == 503 and "暂时无法连接" in api.json()["detail"]


def test_provider_hits_link_to_the_organization_page(client, records):
    response = client.get("/api/search/", {"q": "心晴", "kind": "provider"})
    url = response.json()["results"][0]["url"]
    assert url.endswith(f"/supply/provider/{records['mind'].pk}/")
    page = client.get(url)
    assert page.status_code == 200 and "上海市徐汇区心晴心理咨询服务中心" in page.content.decode()
