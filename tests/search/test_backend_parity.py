"""One query model, two backends: the same judged queries give the same clear winners on the
embedded index and on Elasticsearch (osmem), and both apply the same tiers."""

import uuid

import pytest
from elasticsearch import Elasticsearch

from search import query as query_model
from search import registry
from search.backends.base import SearchQuery, coverage
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from tests.search.es_adapter import OsmemCompatibleNode

from . import corpus

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

# query -> the record that must come first (judged by intent, before either backend ran it)
CLEAR_WINNERS = [
    ("杨浦 助餐", "meals"),
    ("乐龄家园长者照护之家运营（一期）", "phase1"),
    ("乐龄家园长者照护之家运营（二期）", "phase2"),
    ("社区服务设施托管", "station"),
    ("五角场 市民驿站", "station"),
    ("ＡＩ助老", "ai"),
    ("楼组纠纷调解", "disputes"),
    ("老人健康讲座", "elderly"),
    ("困境儿童课后", "children"),
    ("残疾人居家康复指导", "disability"),
    ("和睦邻里调解服务社", "harmony"),
    ("上海市杨浦区乐龄家园为老服务中心", "leling"),
    ("照户之家 认知症", "phase2"),  # a typo and a word only the second phase has
]


def key_of(record) -> str:
    kind = {"DemandListing": "demand", "SupplyListing": "supply", "Provider": "provider"}
    return f"{kind[type(record).__name__]}:{record.pk}"


@pytest.fixture
def both(osmem_clone, tmp_path, settings):
    settings.ELASTICSEARCH_URL = ""
    records = corpus.build_realistic()
    docs = list(registry.all_documents())
    embedded = EmbeddedBackend(tmp_path / "search.sqlite3")
    es = Elasticsearch(osmem_clone.url, node_class=OsmemCompatibleNode)
    elastic = ElasticsearchBackend(es=es, alias=f"parity-{uuid.uuid4().hex[:8]}")
    embedded.rebuild(docs)
    elastic.rebuild(docs)
    return records, embedded, elastic


@pytest.mark.parametrize("q, winner", CLEAR_WINNERS)
def test_the_same_clear_winner_on_both_backends(both, q, winner):
    records, embedded, elastic = both
    expected = key_of(records[winner])
    for backend in (embedded, elastic):
        hits = backend.search(SearchQuery(q=q, per_page=5)).hits
        assert hits and hits[0].key == expected, (backend.name, q, [h.key for h in hits])


def test_both_backends_put_complete_matches_in_the_same_tier(both):
    _records, embedded, elastic = both
    for q in ("杨浦 助餐", "长者 照护 认知症", "社区 调解"):
        words = len(query_model.parse(q).counted)
        tiers = []
        for backend in (embedded, elastic):
            results = backend.search(SearchQuery(q=q, per_page=50))
            assert coverage(results) == words  # the best hit has every word
            complete = {h.key for h in results.hits if h.score // query_model.TIER == words}
            tiers.append(complete)
            # scores never rise again after the complete matches
            covered = [int(h.score // query_model.TIER) for h in results.hits]
            assert covered == sorted(covered, reverse=True)
        assert tiers[0] == tiers[1], q
