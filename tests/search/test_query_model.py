"""The query model's rules that came out of the evaluation set (docs/search.md, "What the
evaluation showed"), on both backends: the service domain as a ranking signal, everyday
words not demoted below the official term, punctuation ignored in phrase matches, and
what a synonym or a generic compound may stand for."""

import math
import sqlite3

import pytest

from catalog.factories import ProviderFactory, district
from search import query as query_model
from search import registry
from search.backends import fts5
from search.backends.base import SearchQuery
from search.synonyms import build_groups

from .corpus import demand, supply

pytestmark = pytest.mark.django_db


def ranked(backend, q):
    return [hit.key for hit in backend.search(SearchQuery(q=q, per_page=20)).hits]


def key(record):
    kind = {"DemandListing": "demand", "SupplyListing": "supply", "Provider": "provider"}
    return f"{kind[type(record).__name__]}:{record.pk}"


def test_a_domain_name_ranks_its_listings_above_a_title_of_another_domain(backend):
    # 社区治理 is a first-level domain: its listings are what the searcher is after, even
    # those whose text never says it, before a listing of another domain that merely
    # mentions it in its title.
    deliberation = demand("楼组议事会运营", code="5.1", summary="每月召开楼组议事会。")
    legal = demand("律师坐班服务", code="5.2", summary="居委会每周律师坐班。")
    children = demand(
        "儿童参与社区治理体验营", code="4.1", summary="组织儿童参观居委会，了解社区治理。"
    )
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "社区治理")
    assert set(results[:2]) == {key(deliberation), key(legal)}
    assert key(children) in results[2:]


def test_a_word_in_a_domain_name_prefers_that_domains_listings(backend):
    # 托幼 is part of 社区托幼 (4.4); both listings say 托幼 once in their summary.
    daycare = demand("宝宝乐园运营", code="4.4", summary="提供婴幼儿托幼服务。")
    elsewhere = demand("家庭教育讲座", code="4.3", summary="讲座内容包括托幼选择与家庭教育。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "托幼")
    assert results.index(key(daycare)) < results.index(key(elsewhere))


def test_an_organizations_short_name_finds_it_before_its_listings_in_a_matching_domain(backend):
    harmony = ProviderFactory(name="上海市徐汇区和睦邻里调解服务社", district=district("徐汇区"))
    listing = supply(
        "楼组纠纷调解工作坊", provider=harmony, code="12.4", summary="培训楼组长调解技巧。"
    )
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "和睦邻里调解")
    assert results[0] == key(harmony)
    assert key(listing) in results


def test_an_everyday_word_does_not_demote_documents_that_use_the_official_term(backend):
    # 老人 is an everyday word of the group 老年 (老年人, 长者 …): a listing about 长者 in its
    # title is as much what is meant as one that says 老人 once in passing.
    canteen = demand("长者助餐点运营", code="2.1", summary="为长者提供午餐。")
    passing = demand("社区图书室运营", code="9.1", summary="图书室开放时间内，老人和儿童均可借阅。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "老人")
    assert results.index(key(canteen)) < results.index(key(passing))


def test_the_official_term_still_ranks_its_literal_word_first(backend):
    literal = demand("邻里纠纷化解", code="12.4", summary="化解邻里纠纷。")
    synonym = demand("邻里矛盾化解", code="12.4", summary="化解邻里矛盾。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "纠纷")
    assert results.index(key(literal)) < results.index(key(synonym))


def test_quotes_in_a_title_do_not_prevent_the_phrase_match(backend):
    quoted = demand("金杨“家门口”服务站社会化运营", code="6.10", summary="运营服务站。")
    apart = demand(
        "家门口就业招聘会",
        code="8.1",
        summary="在社区服务站举办家门口招聘会，服务站工作人员协助报名。",
    )
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "家门口服务站")
    assert results[0] == key(quoted)
    assert key(apart) in results


def test_a_document_number_with_ascii_brackets_is_the_same_phrase():
    assert query_model.compact("沪社服发[2021]5号") == query_model.compact("沪社服发〔2021〕5号")
    assert query_model.compact("“ＡＩ”助老") == query_model.compact("ＡＩ助老") == "ai助老"


def test_a_synonym_is_not_replaced_by_a_part_of_it():
    groups = build_groups([("就业", ["找工作", "再就业"]), ("儿童", ["小朋友"])])
    for q, loose in (("就业", ("工作",)), ("儿童", ("朋友",))):
        terms = {t.parts for w in query_model.parse(q, groups).words for t in w.terms}
        assert loose not in terms, q
        assert ("找工作",) in terms or ("小朋友",) in terms


def test_a_compound_of_generic_words_is_generic():
    parsed = query_model.parse("南京东路街道社区法律顾问服务", {})
    counted = {w.text for w in parsed.counted}
    assert "法律顾问" in counted
    assert not counted & {"街道社区", "街道", "社区", "服务"}


def test_which_words_are_everyday_words():
    groups = build_groups([("老年", ["老年人", "老人", "长者"])])
    parsed = query_model.parse("老人", groups)
    assert all(t.own for t in parsed.words[0].terms)  # every word of its group counts as its own
    parsed = query_model.parse("老年", groups)
    synonyms = [t for t in parsed.words[0].terms if t.synonym]
    assert synonyms and not any(t.own for t in synonyms)


def test_an_organization_first_for_its_short_name_and_its_hit_does_not_repeat_its_name(backend):
    centre = ProviderFactory(name="上海市闵行区浦江镇乐童托育服务中心", district=district("闵行区"))
    for street in ("长征镇", "浦江镇", "七宝镇"):
        supply(f"{street}托育点", provider=centre, code="4.4", summary="社区托育点运营。")
    backend.rebuild(registry.all_documents())
    hits = backend.search(SearchQuery(q="乐童托育", per_page=10)).hits
    assert hits[0].key == key(centre)
    assert hits[0].names == []  # its own name is its title; a listing shows its provider
    assert all(hit.names == [centre.name] for hit in hits[1:4])


def test_the_fts5_expression_leaves_out_what_another_alternative_already_matches(
    embedded_index,
):
    """康复 OR (康复 AND 服务) is 康复: the same rows, one phrase fewer for bm25() to count."""
    groups = build_groups([("康复", ["康复服务", "康复训练"])])
    word = query_model.parse("康复", groups).words[0]
    expression = fts5.word_expression(word)
    assert '"康复服务"' in expression and '"康复训练"' in expression
    assert '"服务"' not in expression and '"训练"' not in expression
    assert "g_康复 g_复服" not in expression and 'grams : "g_康复"' in expression

    # The rows it matches are the rows the full expression matches.
    full = (
        "("
        + " OR ".join(
            [fts5.term_expression(t) for t in word.terms]
            + [fts5.grams_expression(t.text) for t in word.terms if len(t.parts) == 1]
        )
        + ")"
    )
    conn = sqlite3.connect(":memory:")
    # The index's own tokenizer (search/backends/embedded.py): words are space-separated.
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(body, grams,"
        " tokenize = \"unicode61 remove_diacritics 0 tokenchars '_.'\")"
    )
    rows = [
        ("康复 服务", ""),
        ("服务", "g_康复 g_复服 g_服务"),
        ("康复服务", ""),
        ("训练", ""),
        ("康复 训练", ""),
        ("", "g_康复"),
        ("康复训练", ""),
        ("社区", "g_社区"),
    ]
    conn.executemany("INSERT INTO f VALUES (?, ?)", rows)
    matched = lambda e: {r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", [e])}  # noqa: E731
    assert matched(expression) == matched(full) == {1, 2, 3, 5, 6, 7}


def test_a_generic_sub_word_is_not_required_next_to_a_distinctive_one(backend):
    """上门服务 matches what 上门 matches: 服务 is in nearly every listing (WEAK_WORDS)."""
    groups = build_groups([])
    terms = query_model.parse("上门服务", groups).words[0].terms
    assert [t.parts for t in terms] == [("上门服务",), ("上门",)]
    # A word of generic words only keeps them all (服务项目 is not found by nothing).
    assert ("服务", "项目") in [
        t.parts for t in query_model.parse("服务项目", groups).words[0].terms
    ]

    haircut = demand("高龄老人上门理发", code="1.1", summary="每月为高龄老人理发一次。")
    unrelated = demand("社区健身指导", code="7.1", summary="为居民提供健身指导服务。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "上门服务")
    assert key(haircut) in results and key(unrelated) not in results


def test_a_synonym_does_not_stand_for_its_broad_half(backend):
    """社工's group has 社会工作; its sub-words without the generic 工作 would be 社会 alone,
    a word of nearly every social organization's text (社会组织, 社会力量): 社会 is generic
    too (WEAK_WORDS), so 社会工作 needs both its sub-words."""
    parts = [t.parts for t in query_model.parse("社工").words[0].terms]
    assert ("社会",) not in parts and ("社会", "工作") in parts
    written_out = demand("专业社会工作服务", code="3.2", summary="开展社会工作个案服务。")
    short = demand("社工驻站服务", code="3.2", summary="社工每周驻站两天。")
    broad = demand("社会组织培育", code="6.1", summary="引导社会力量参与基层治理。")
    backend.rebuild(registry.all_documents())
    results = ranked(backend, "社工")
    assert {key(written_out), key(short)} <= set(results) and key(broad) not in results
    assert key(broad) in ranked(backend, "社会组织")


def test_a_tier_outweighs_everything_below_it_and_keeps_bm25_visible_in_float32():
    """One more word matched beats every literal word, boost and BM25 of the tier below;
    and Elasticsearch's float32 score still tells BM25 apart in steps of at most 1/32 for
    a one-word query (at the old TIER of 1,000,000 the step was 1/16)."""

    def float32_step(score: float) -> float:
        return 2.0 ** (math.floor(math.log2(score)) - 23)

    below = (query_model.MAX_WORDS - 1) * query_model.LITERAL + fts5.MAX_BOOST + 1_000
    assert query_model.TIER > below
    one_word_top = query_model.TIER + query_model.LITERAL + fts5.MAX_BOOST + 100
    assert float32_step(one_word_top) <= 1 / 32
