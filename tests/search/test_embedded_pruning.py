# ruff: noqa: S608 - SQL names only the generation number; values are bound parameters.
"""The embedded backend's shortcuts change its speed, not its answers.

`fts5.ranked` leaves out alternatives no document can match and ranks the ones whose
phrases FTS5's bm25() floors through a plain cursor; `EmbeddedReading.run` boosts only
the matches that can reach the page. Each test compares a page with the page of the
long way (every alternative in one ranked cursor, every match boosted), and the token
counts behind the shortcuts with the index after a write, from this connection and
from another one.
"""

import threading

import pytest

from catalog.factories import PurchaserFactory
from search import query as query_model
from search import registry, synonyms
from search.backends import embedded_read, fts5
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded_read import EmbeddedReading
from search.models import Synonym

from .corpus import demand

pytestmark = pytest.mark.django_db


def key(listing):
    return f"demand:{listing.pk}"


@pytest.fixture
def index(embedded_index):
    Synonym.objects.all().delete()
    Synonym.objects.create(term="居民自治", variants="居委会 楼组 自治金")
    synonyms.invalidate()
    own = [
        demand("居民自治项目指导", code="5.1", summary="指导居委会开展居民自治。"),
        demand("楼组居民自治能力建设", code="5.1", summary="居委会楼组长培训，推动居民自治。"),
        demand("居民议事厅运营", code="5.1", summary="居委会议事厅，居民自治协商。"),
    ]
    # 居委会 in every listing: its IDF is FTS5's floor, and it matches them all.
    others = [
        demand(f"{name}服务项目", code=code, summary=f"与居委会合作开展{name}服务。")
        for name, code in [
            ("助餐", "1.1"),
            ("助浴", "1.1"),
            ("托育", "4.4"),
            ("调解", "12.4"),
            ("健身指导", "7.1"),
            ("心理咨询", "3.2"),
            ("法律援助", "5.2"),
        ]
    ]
    楼组 = demand("楼组睦邻点运营", code="5.1", summary="楼组活动。")
    # 养老 only in its domain's names (养老服务 / 失智老人关爱): boosted (IN_DOMAIN) past
    # a listing whose purchaser's name and text say 养老, and so has the higher BM25 but
    # the smaller boost (PHRASE_IN_NAMES).
    demand("长者午餐点运营", code="2.2", summary="为长者提供午餐。")
    demand(
        "政策咨询培训",
        purchaser=PurchaserFactory(name="上海市黄浦区养老服务指导中心"),
        code="12.4",
        summary="养老政策、养老机构、养老补贴、养老护理、养老顾问、养老咨询。",
    )
    backend = EmbeddedBackend()
    backend.rebuild(registry.all_documents())
    return backend, own, others, 楼组


def the_long_way(monkeypatch, backend, q):
    """Every match's score with every alternative in the ranked cursor and every match
    boosted, best first."""
    with monkeypatch.context() as patch:
        patch.setattr(
            EmbeddedReading,
            "_statistics",
            staticmethod(lambda conn, state, tokens: (lambda t: 1, 0)),
        )
        everything = backend.search(SearchQuery(q=q, per_page=100))
    return [(hit.key, hit.score) for hit in everything.hits], everything.total


def test_the_shortcuts_give_the_page_of_the_long_way(index, monkeypatch):
    backend, own, others, 楼组 = index
    for q, per_page in [
        ("居民自治", 3),
        ("居民自治", 5),
        ("居委会", 4),
        ("楼组 自治", 2),
        ("养老", 1),
    ]:
        expected, total = the_long_way(monkeypatch, backend, q)
        scores = dict(expected)
        results = backend.search(SearchQuery(q=q, per_page=per_page))
        assert results.total == total, q
        # The same scores, position by position, up to the floored phrases' share of
        # bm25 (about 1e-6 each): matches tied but for it may come in another order.
        for hit, (_key, score) in zip(results.hits, expected[:per_page], strict=True):
            assert hit.score == pytest.approx(score, abs=1e-3), q
            assert scores[hit.key] == pytest.approx(score, abs=1e-3), q

    # It took the shortcuts: 自治金 is in no document, 居委会 in all of them.
    results = backend.search(SearchQuery(q="居民自治", per_page=3))
    assert {key(listing) for listing in own[:2]} <= {hit.key for hit in results.hits}
    assert results.total == len(own) + len(others) + 1
    conn = backend.connection()
    g = backend._generation()
    parsed = query_model.parse("居民自治")
    df, documents = backend._statistics(conn, backend._state(conn, g), fts5.tokens(parsed))
    assert df("自治金") == 0 and 2 * df("居委会") >= documents
    cte, cte_params, _hits, hits_params = fts5.ranked(parsed, f"fts_{g}", "", df, documents)
    ranked_expression, plain_expression = cte_params[0], hits_params[-1]
    assert '"居委会"' in plain_expression and '"居委会"' not in ranked_expression
    assert "自治金" not in ranked_expression + plain_expression
    # bm25() reads the word's own wording only; its synonyms match through the plain cursor.
    assert '("居民" AND "自治")' in ranked_expression
    assert '"楼组"' in plain_expression and '"楼组"' not in ranked_expression


def test_a_word_no_document_had_is_found_once_a_document_has_it(index, monkeypatch):
    backend, _own, _others, _楼组 = index
    # 微更新 is counted as in no document; with 楼组 beside it, the query still runs (the
    # last resort when nothing is left to match would hide a stale count).
    q = "楼组 微更新"
    before = {hit.key for hit in backend.search(SearchQuery(q=q, per_page=100)).hits}

    # Written through this connection.
    first = demand("微更新项目评审", code="7.1", summary="评审微更新项目。")
    backend.index([d for d in registry.all_documents() if d["key"] == key(first)])
    assert {hit.key for hit in backend.search(SearchQuery(q=q, per_page=100)).hits} == before | {
        key(first)
    }

    # Written through another connection (each thread has its own), as by another process:
    # 口袋公园 is counted as in no document as of the first write.
    q = "楼组 口袋公园"
    before = {hit.key for hit in backend.search(SearchQuery(q=q, per_page=100)).hits}
    second = demand("口袋公园共建", code="7.1", summary="口袋公园设计。")
    docs = [d for d in registry.all_documents() if d["key"] == key(second)]
    with monkeypatch.context() as patch:
        # Another process's commits are not counted in this one's `writes`.
        patch.setattr(embedded_read, "writes", [0])
        writer = threading.Thread(target=backend.index, args=(docs,))
        writer.start()
        writer.join()
    found = {hit.key for hit in backend.search(SearchQuery(q=q, per_page=100)).hits}
    assert found == before | {key(second)}


def test_highlighting_marks_overlapping_and_nested_terms_once():
    from search import text

    # 居家照护 and 照护服务 overlap; 照护 is inside both; 养老 stands apart.
    marked = text.highlight("社区居家照护服务与养老", ["照护", "居家照护", "照护服务", "养老"])
    assert marked == "社区<mark>居家照护服务</mark>与<mark>养老</mark>"
    # Matching is on the normalized text, shown in the original where it keeps its length.
    assert text.highlight("居家照護<b>", ["居家照护"]) == "<mark>居家照護</mark>&lt;b&gt;"
    assert text.highlight("无关的文字", ["养老"]) == "无关的文字"


def _doc(key_, kind, title, district="黄浦区", year=2025):
    return {
        "key": key_,
        "kind": kind,
        "title": title,
        "body": "",
        "district": district,
        "year": year,
    }


def _found(backend, q="", **filters):
    results = backend.search(SearchQuery(q=q, filters=filters, per_page=100))
    assert results.total == len(results.hits)
    return {hit.key for hit in results.hits}, dict(results.facets["kind"])


def test_a_filter_on_one_kind_is_a_rowid_range_with_the_answers_of_the_tags(embedded_index):
    backend = EmbeddedBackend()
    kinds = ["demand", "supply", "provider"]
    docs = [
        _doc(
            f"{kinds[n % 3]}:{n}",
            kinds[n % 3],
            "助餐服务" if n % 2 else "法律援助",
            district="黄浦区" if n % 4 else "徐汇区",
        )
        for n in range(24)
    ]
    backend.index(docs[:12])  # written in two transactions, the kinds interleaved
    backend.index(docs[12:])

    def check(docs):
        for kind in [*kinds, "policy"]:
            for q, filters in [
                ("", {}),
                ("助餐", {}),
                ("", {"district": ["徐汇区"]}),
                ("助餐", {"district": ["黄浦区"]}),
            ]:
                expected = {
                    d["key"]
                    for d in docs
                    if d["kind"] == kind
                    and (not q or q in d["title"])
                    and d["district"] in filters.get("district", [d["district"]])
                }
                # One kind: the rowid range; the same kind twice: the tags.
                by_range, facets = _found(backend, q, kind=[kind], **filters)
                by_tags, _ = _found(backend, q, kind=[kind, kind], **filters)
                assert by_range == by_tags == expected, (kind, q, filters)
                assert facets == ({kind: len(expected)} if expected else {})

    check(docs)
    # A document that changes kind moves to its new kind's range; one deleted leaves it;
    # a kind first met later gets a code of its own, seen by the next search.
    docs[0] = _doc("demand:0", "supply", "助餐服务")
    backend.index([docs[0]])
    backend.delete([docs[1]["key"]])
    del docs[1]
    docs.append(_doc("policy:1", "policy", "助餐补贴政策"))
    backend.index([docs[-1]])
    check(docs)
    conn = backend.connection()
    g = backend._generation()
    for kind, code in conn.execute(f"SELECT kind, code FROM kinds_{g}"):
        first, last = fts5.kind_rowids(code)
        ids = [r[0] for r in conn.execute(f"SELECT id FROM docs_{g} WHERE kind = ?", [kind])]
        assert ids and all(first <= i <= last for i in ids), kind
