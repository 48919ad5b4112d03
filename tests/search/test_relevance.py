"""What people mean (issue 14), on both backends: domains and places as text, partial matches
after complete ones, everyday words, typos, typeahead with a wrong character."""

import pytest

from search import registry
from search.backends.base import SearchQuery
from search.models import Synonym

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(backend):
    records = corpus.build_realistic()
    backend.rebuild(registry.all_documents())
    return records


def ranked(backend, q, **filters):
    return [hit.key for hit in backend.search(SearchQuery(q=q, filters=filters, per_page=20)).hits]


def key(records, name):
    record = records[name]
    kind = {"DemandListing": "demand", "SupplyListing": "supply", "Provider": "provider"}
    return f"{kind[type(record).__name__]}:{record.pk}"


# -- 1. the service domain and the place are searchable text ---------------------------


def test_a_domain_name_finds_listings_whose_text_never_says_it(backend, records):
    assert key(records, "station") in ranked(backend, "社区服务设施托管")
    first_level = ranked(backend, "养老服务")
    for name in ("meals", "meals_elsewhere", "phase1", "phase2", "ai"):
        assert key(records, name) in first_level


def test_district_and_service_puts_the_listings_with_both_first(backend, records):
    results = ranked(backend, "杨浦 助餐")
    assert results[0] == key(records, "meals")  # 杨浦 only as its district, 助餐 in the text
    # the same service elsewhere, and the district's other listings, come after it
    assert key(records, "meals_elsewhere") in results
    assert results.index(key(records, "meals")) < results.index(key(records, "meals_elsewhere"))
    if key(records, "yangpu_other") in results:
        assert results.index(key(records, "yangpu_other")) > results.index(key(records, "meals"))


def test_a_street_finds_the_listings_placed_there(backend, records):
    assert key(records, "station") in ranked(backend, "五角场街道")


def test_domain_and_district_are_still_facets(backend, records):
    results = backend.search(SearchQuery(q="助餐", filters={"district": ["杨浦区"]}))
    assert {h.key for h in results.hits} == {key(records, "meals")}
    assert dict(results.facets["domain2"]).get("2.1") == 1


# -- 2. an exact title returns its close relatives after it ----------------------------


def test_an_exact_title_comes_first_and_its_second_phase_follows(backend, records):
    results = ranked(backend, "乐龄家园长者照护之家运营（一期）")
    assert results[0] == key(records, "phase1")
    assert results[1] == key(records, "phase2")


def test_a_short_latin_word_is_not_required(backend, records):
    results = ranked(backend, "ＡＩ助老")
    assert results[0] == key(records, "ai")
    assert len(results) > 1  # listings about 助老 without "AI" are still found


def test_documents_matching_every_word_come_before_partial_matches(backend, records):
    results = backend.search(SearchQuery(q="长者 照护 认知症", per_page=20))
    assert results.hits[0].key == key(records, "phase2")
    assert key(records, "phase1") in {h.key for h in results.hits}


# -- 4. everyday words and typos --------------------------------------------------------


@pytest.mark.parametrize(
    "everyday, winner",
    [("老年人", "elderly"), ("孩子", "children"), ("吵架", "disputes"), ("残障", "disability")],
)
def test_everyday_words_find_the_official_terms(backend, records, everyday, winner):
    assert key(records, winner) in ranked(backend, everyday)


def test_the_literal_word_ranks_before_its_synonyms(backend, records):
    results = ranked(backend, "纠纷")
    assert results[0] == key(records, "disputes")


def test_synonyms_decide_the_tier_not_the_order_inside_it(backend, records):
    """BM25 is of the query's own wording: of two titles that say 纠纷, the shorter comes
    first (the word is more of it), not the one that also says three of its synonyms."""
    own = corpus.demand("纠纷调处服务", code="12.4", summary="社区调处。")
    synonyms_too = corpus.demand("邻里纠纷矛盾冲突争执调处服务", code="12.4", summary="社区调处。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "纠纷")
    assert results.index(f"demand:{own.pk}") < results.index(f"demand:{synonyms_too.pk}")


def test_a_dictionary_entry_edited_in_the_admin_applies_at_once(backend, records):
    assert key(records, "station") not in ranked(backend, "便民客栈")
    Synonym.objects.create(term="市民驿站", variants="便民客栈 家门口服务站")
    assert key(records, "station") in ranked(backend, "便民客栈")


def test_a_typo_is_corrected_when_nothing_matches(backend, records):
    results = backend.search(SearchQuery(q="照户之家"))  # 照护之家 with one wrong character
    assert results.corrected == "照护 之家" or results.corrected.replace(" ", "") == "照护之家"
    assert key(records, "phase1") in {h.key for h in results.hits}
    assert backend.search(SearchQuery(q="照护之家")).corrected == ""


def test_typeahead_tolerates_one_wrong_character(backend, records):
    assert "上海市杨浦区乐龄家园为老服务中心" in {s.text for s in backend.suggest("乐玲家园")}
    assert "五角场街道市民驿站运营项目" in {s.text for s in backend.suggest("五角厂街")}
    exact = {s.text for s in backend.suggest("乐龄家园")}
    assert {"乐龄家园长者照护之家运营（一期）", "上海市杨浦区乐龄家园为老服务中心"} <= exact
