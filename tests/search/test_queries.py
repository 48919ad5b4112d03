"""What a search finds and how it ranks, filters, counts, highlights and pages — on both backends."""

import pytest

from search import registry
from search.backends.base import SearchQuery

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(backend):
    records = corpus.build()
    backend.rebuild(registry.all_documents())
    return records


def keys(results):
    return {hit.key for hit in results.hits}


def search(backend, q="", **options):
    filters = {k: v for k, v in options.items() if k not in {"sort", "page", "per_page"}}
    rest = {k: v for k, v in options.items() if k in {"sort", "page", "per_page"}}
    return backend.search(SearchQuery(q=q, filters=filters, **rest))


def test_a_service_word_finds_the_listings_about_it(backend, records):
    results = search(backend, "居家照护")
    assert f"demand:{records['care'].pk}" in keys(results)
    assert f"demand:{records['garbage'].pk}" not in keys(results)


def test_an_organization_is_found_by_part_of_its_name(backend, records):
    results = search(backend, "心晴")
    assert f"provider:{records['mind'].pk}" in keys(results)
    # its listing carries its name too
    assert f"supply:{records['counselling'].pk}" in keys(results)


def test_a_title_match_ranks_above_a_body_match(backend, records):
    results = search(backend, "心理咨询")
    top = results.hits[0].key
    assert top in {f"supply:{records['counselling'].pk}", f"provider:{records['mind'].pk}"}


def test_the_exact_name_of_an_organization_is_the_first_result(backend, records):
    results = search(backend, "上海市黄浦区乐龄社区养老服务中心")
    assert results.hits[0].key == f"provider:{records['elderly'].pk}"


def test_full_width_and_traditional_queries_find_the_same_documents(backend, records):
    simplified = keys(search(backend, "垃圾分类"))
    assert f"demand:{records['garbage'].pk}" in simplified
    assert keys(search(backend, "垃圾分類")) == simplified
    assert keys(search(backend, "心理諮詢")) == keys(search(backend, "心理咨询"))
    assert keys(search(backend, "（试行）")) == keys(search(backend, "(试行)"))


def test_unpublished_listings_are_not_found(backend, records):
    assert search(backend, "无障碍").total == 0


def test_private_contact_details_are_not_searchable(backend, records):
    assert search(backend, "13900001111").total == 0
    assert search(backend, "张三").total == 0
    assert search(backend, "private@example.org").total == 0


def test_notices_are_found_by_words_of_their_body(backend, records):
    results = search(backend, "推荐目录")
    assert f"policy:{records['policy'].pk}" in keys(results)


def test_filters_narrow_the_results_and_facets_count_them(backend, records):
    everything = search(backend, "服务")
    kinds = dict(everything.facets["kind"])
    assert kinds["supply"] == 2 and kinds["provider"] >= 2
    only_supply = search(backend, "服务", kind=["supply"])
    assert {hit.kind for hit in only_supply.hits} == {"supply"}
    assert only_supply.total == 2
    assert dict(only_supply.facets["kind"]) == {"supply": 2}
    in_xuhui = search(backend, "服务", kind=["supply"], district=["徐汇区"])
    assert keys(in_xuhui) == {f"supply:{records['counselling'].pk}"}


def test_domain_year_and_status_filters(backend, records):
    assert keys(search(backend, "", domain1=["2"], kind=["demand"])) == {
        f"demand:{records['care'].pk}"
    }
    assert keys(search(backend, "", domain2=["4.1"])) == {f"supply:{records['counselling'].pk}"}
    assert keys(search(backend, "", year=[2023])) == {f"supply:{records['daycare'].pk}"}
    contracted = search(backend, "", status=["contracted"])
    assert keys(contracted) == {f"demand:{records['garbage'].pk}"}
    facets = search(backend, "", kind=["demand"]).facets
    assert dict(facets["status"]) == {"published": 1, "contracted": 1}
    assert dict(facets["year"]) == {"2025": 1, "2024": 1}
    assert dict(facets["domain1"]) == {"2": 1, "5": 1}


def test_matched_terms_are_highlighted_and_markup_is_escaped(backend, records):
    corpus.supply("<b>助餐</b>服务", summary="提供社区助餐服务")
    backend.rebuild(registry.all_documents())
    results = search(backend, "助餐")
    titles = {hit.key: hit.title for hit in results.hits}
    title = next(t for t in titles.values() if "服务" in t and "助餐" in t and "&lt;" in t)
    assert "<mark>" in title and "<b>" not in title
    care = next(h for h in results.hits if h.key == f"demand:{records['care'].pk}")
    assert "<mark>助餐</mark>" in care.snippet


def test_results_are_paged(backend, records):
    for n in range(12):
        corpus.supply(f"社区睦邻服务点{n}号", summary="睦邻互助")
    backend.rebuild(registry.all_documents())
    first = search(backend, "睦邻", per_page=5)
    second = search(backend, "睦邻", per_page=5, page=2)
    third = search(backend, "睦邻", per_page=5, page=3)
    assert first.total == 12 and first.pages == 3
    assert len(first.hits) == 5 and len(second.hits) == 5 and len(third.hits) == 2
    assert not keys(first) & keys(second)
    assert len(keys(first) | keys(second) | keys(third)) == 12


def test_sort_by_date_puts_the_newest_first(backend, records):
    results = search(backend, "", kind=["supply", "demand"], sort="date")
    dates = [hit.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_suggestions_complete_titles_and_organization_names(backend, records):
    texts = {s.text for s in backend.suggest("上海市黄浦")}
    assert "上海市黄浦区乐龄社区养老服务中心" in texts
    # from a later word of the name, as people type it
    assert "上海市黄浦区乐龄社区养老服务中心" in {s.text for s in backend.suggest("乐龄")}
    assert "垃圾分类宣传指导项目" in {s.text for s in backend.suggest("垃圾")}
    assert not backend.suggest("无障碍")
    assert backend.suggest("") == []


def test_a_query_of_punctuation_only_finds_nothing_and_does_not_fail(backend, records):
    assert search(backend, "！？。").total == 0
    assert search(backend, '"*()').total == 0
