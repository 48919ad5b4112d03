"""The search evaluation set (bench/data/search_eval/) is consistent and loads through the models."""

import json
import sys
from pathlib import Path

import pytest

from catalog.validators import validate_social_organization_code

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data" / "search_eval"
sys.path.insert(0, str(ROOT / "bench"))

import _search_eval  # noqa: E402


def jsonl(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def tsv_codes(name):
    lines = (ROOT / "catalog" / "data" / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


ORGS, LISTINGS, NOTICES, QUERIES = (
    jsonl(n) for n in ("organizations.jsonl", "listings.jsonl", "notices.jsonl", "queries.jsonl")
)


def test_sizes_and_unique_ids():
    assert len(ORGS) >= 80 and len(LISTINGS) >= 600 and len(QUERIES) >= 100
    ids = [x["id"] for x in ORGS + LISTINGS + NOTICES]
    assert len(ids) == len(set(ids))
    assert {x["kind"] for x in LISTINGS} == {"demand", "supply"}
    assert len({o["name"] for o in ORGS}) == len(ORGS)
    assert len({o["credit_code"] for o in ORGS}) == len(ORGS)


def test_reference_values_exist():
    districts = {row[1] for row in tsv_codes("districts.tsv")}
    domains = {row[0] for row in tsv_codes("service_domains.tsv")}
    # A listing carries a second-level entry, or 13 (其他), which has none.
    classifiable = {c for c in domains if "." in c} | {"13"}
    for org in ORGS:
        validate_social_organization_code(org["credit_code"])
        assert org["district"] in districts
    orgs = {o["id"] for o in ORGS}
    for item in LISTINGS:
        assert item["domain"] in classifiable, item["id"]
        assert item["district"] in districts and item["street"], item["id"]
        assert item["kind"] == "demand" or item["provider"] in orgs, item["id"]
        assert 0 < len(item["summary"]) <= 500, item["id"]


def test_every_query_is_judged_against_existing_documents():
    known = {x["id"] for x in ORGS + LISTINGS + NOTICES}
    kinds = {q["kind"] for q in QUERIES}
    assert {"exact_title", "org_short", "lay_term", "typo", "doc_number", "fullwidth"} <= kinds
    for q in QUERIES:
        assert set(q["relevant"]) <= known, q["query"]
        assert set(q["relevant"].values()) <= {1, 2}
        assert 2 in q["relevant"].values(), q["query"]


def test_queries_split_into_a_tuning_and_a_held_out_half_with_variants_kept_together():
    halves = {q["query"]: q["split"] for q in QUERIES}
    assert set(halves.values()) == {"tune", "held"}
    tune = sum(1 for half in halves.values() if half == "tune")
    assert abs(2 * tune - len(QUERIES)) <= 0.1 * len(QUERIES)
    for kind in {q["kind"] for q in QUERIES}:
        of_kind = [q["split"] for q in QUERIES if q["kind"] == kind]
        if len(of_kind) >= 4:
            assert set(of_kind) == {"tune", "held"}, kind
    # A variant (traditional, typo) that copies another query's judgment is in its half.
    source = (DATA / "src" / "queries.txt").read_text(encoding="utf-8").splitlines()
    variants = [line.split("|") for line in source if "|=" in line and not line.startswith("#")]
    assert variants
    for query, _kind, copied, *_rest in variants:
        assert halves[query] == halves[copied[1:]], query


def test_bigram_bm25_baseline_ranks_an_exact_title_first():
    docs = [
        {"key": x["id"], "title": x["title"], "names": [], "body": x["summary"]} for x in LISTINGS
    ]
    bm25 = _search_eval.BigramBM25(docs)
    target = LISTINGS[123]
    assert bm25.search(target["title"])[0] == target["id"]
    assert bm25.search("　") == []  # nothing to match, no results
    # Full-width and traditional forms fold to the same bigrams.
    assert bm25.tokens("ＡＩ助老 養老") == ["ai", "助老", "养老"]


def test_metrics():
    judged = {"a": 2, "b": 1}
    assert _search_eval.ndcg_at_10(["a", "b"], judged) == pytest.approx(1.0)
    assert _search_eval.ndcg_at_10(["b", "a"], judged) < 1.0
    assert _search_eval.ndcg_at_10([], judged) == 0.0
    assert _search_eval.recall_at_10(["x", "a"], judged) == 1.0
    assert _search_eval.recall_at_10(["b"], judged) == 0.0


@pytest.mark.django_db
def test_loads_through_the_real_models():
    from catalog.models import DemandListing, Provider, SupplyListing
    from notices.models import AnnouncementPage, PolicyPage

    keys = _search_eval.load()
    assert Provider.objects.count() == len(ORGS)
    assert DemandListing.objects.public().count() + SupplyListing.objects.public().count() == len(
        LISTINGS
    )
    assert PolicyPage.objects.live().count() + AnnouncementPage.objects.live().count() == len(
        NOTICES
    )
    first = LISTINGS[0]
    kind, pk = keys[first["id"]].split(":")
    listing = {"demand": DemandListing, "supply": SupplyListing}[kind].objects.get(pk=pk)
    assert (listing.title, listing.domain.code, listing.district.name, listing.place) == (
        first["title"],
        first["domain"],
        first["district"],
        first["street"],
    )
    district_notice = next(n for n in NOTICES if n["district"])
    page = PolicyPage.objects.get(pk=keys[district_notice["id"]].split(":")[1])
    assert page.district.name == district_notice["district"]
