"""The search evaluation set (bench/data/search_eval/): loading, the bigram BM25 baseline, metrics.

The set is kept apart from the demo corpus (load_demo never reads it). load()
writes it into the (throw-away) database through the real models: providers with
their credit codes validated by the model's own validator, purchasers, demand and
supply listings with their domain and district foreign keys and the street in
the listing's 实施地点 (`place`: the models have no street field), and notices as
live Wagtail pages under the site tree's policy and announcement sections (a
district's notices in that district's folder, made as a district admin's would be). Indexing is left to the caller,
which uses the platform's own registry and backends.
"""

import datetime
import json
import math
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "search_eval"
LISTING_FIELDS = ("title", "summary", "service_targets", "place", "year")


def read_jsonl(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _money(value):
    return Decimal(value) if value is not None else None


def load() -> dict[str, str]:
    """Write the set into the database; returns {eval id: search document key}."""
    from django.db import transaction

    from catalog.models import (
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    districts = {d.name: d for d in District.objects.all()}
    domains = {d.code: d for d in ServiceDomain.objects.all()}
    keys: dict[str, str] = {}
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        providers = {}
        for org in read_jsonl("organizations.jsonl"):
            provider = Provider(
                name=org["name"],
                credit_code=org["credit_code"],
                registration_level=org["registration_level"],
                district=districts[org["district"]],
                registered_on=_date(org["registered_on"]),
                grade=org["grade"],
                has_social_workers=org["has_social_workers"],
                community_type=org["community_type"],
                summary=org["summary"],
                contact_person=org["contact_person"],
                phone=org["phone"],
                address=org["address"],
            )
            provider.full_clean()  # the credit code passes the model's own validator
            provider.save()
            providers[org["id"]] = provider
            keys[org["id"]] = f"provider:{provider.pk}"

        purchasers: dict[str, Purchaser] = {}

        def purchaser(spec: dict) -> Purchaser:
            if spec["name"] not in purchasers:
                purchasers[spec["name"]], _ = Purchaser.objects.get_or_create(
                    name=spec["name"],
                    defaults={"level": spec["level"], "district": districts.get(spec["district"])},
                )
            return purchasers[spec["name"]]

        demand, supply = [], []
        for n, item in enumerate(read_jsonl("listings.jsonl")):
            common = {name: item[name] for name in LISTING_FIELDS}
            common.update(
                domain=domains[item["domain"]],
                district=districts[item["district"]],
                period_start=_date(item["period_start"]),
                period_end=_date(item["period_end"]),
                contact_person=item["contact_person"],
                phone=item["phone"],
                live=True,
                first_published_at=now - datetime.timedelta(days=n),
            )
            if item["kind"] == "demand":
                listing = DemandListing(
                    purchaser=purchaser(item["purchaser"]),
                    budget=_money(item["budget"]),
                    purchase_method=item["purchase_method"],
                    budget_approved_on=_date(item["budget_approved_on"]),
                    status=item["status"],
                    provider_requirements=item["provider_requirements"],
                    **common,
                )
                demand.append((item["id"], listing))
            else:
                listing = SupplyListing(
                    provider=providers[item["provider"]],
                    purchased_before=item["purchased_before"],
                    purchaser_name=item.get("purchaser_name", ""),
                    total_amount=_money(item.get("total_amount")),
                    implemented_amount=_money(item.get("implemented_amount")),
                    government_amount=_money(item.get("government_amount")),
                    **common,
                )
                supply.append((item["id"], listing))
        for kind, model, rows in (
            ("demand", DemandListing, demand),
            ("supply", SupplyListing, supply),
        ):
            created = model.objects.bulk_create([listing for _id, listing in rows])
            for (eval_id, _listing), obj in zip(rows, created, strict=True):
                keys[eval_id] = f"{kind}:{obj.pk}"
    keys.update(_load_notices())
    return keys


def _load_notices() -> dict[str, str]:
    from catalog.models import District
    from gxpt.sitetree import ensure_site_tree
    from notices.models import (
        AnnouncementIndexPage,
        AnnouncementPage,
        DistrictNoticeIndexPage,
        PolicyIndexPage,
        PolicyPage,
    )
    from notices.permissions import ensure_district_publishing

    ensure_site_tree()
    sections = {
        "policy": (PolicyIndexPage.objects.first(), PolicyPage),
        "announcement": (AnnouncementIndexPage.objects.first(), AnnouncementPage),
    }
    keys = {}
    for n, item in enumerate(read_jsonl("notices.jsonl")):
        section, model = sections[item["kind"]]
        parent = section
        if item["district"]:
            # A district's folders exist once it has a district admin; made here as then.
            district = District.objects.get(name=item["district"])
            ensure_district_publishing(district)
            parent = DistrictNoticeIndexPage.objects.child_of(section).get(district=district)
        page = model(
            title=item["title"],
            slug=f"eval-{item['id'].lower()}-{n}",
            issuing_body=item["issuing_body"],
            document_number=item["document_number"],
            issue_date=_date(item["issue_date"]),
            summary=item["summary"],
            body=[{"type": "paragraph", "value": f"<p>{item['summary']}</p>"}],
            live=True,
        )
        parent.specific.add_child(instance=page)
        keys[item["id"]] = f"{item['kind']}:{page.pk}"
    return keys


# --- the plain character-bigram BM25 baseline -------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")


class BigramBM25:
    """Classic BM25 (k1=1.2, b=0.75) over character bigrams of title + names + body.

    Text is NFKC-folded, converted traditional → simplified by OpenCC (t2s) and
    lower-cased; a run of Han characters gives its overlapping bigrams (a single
    character stands for itself), a run of Latin letters or digits is one token.
    Any query token may match (a sum over the query's tokens); no field weights,
    no phrase bonus: the straightforward baseline, deliberately untuned.
    """

    k1, b = 1.2, 0.75

    def __init__(self, docs: list[dict]):
        import opencc

        self._t2s = opencc.OpenCC("t2s.json")
        self.keys = [doc["key"] for doc in docs]
        self.tf: list[Counter] = []
        df: Counter = Counter()
        for doc in docs:
            text = "\n".join([doc.get("title", ""), *(doc.get("names") or []), doc.get("body", "")])
            counts = Counter(self.tokens(text))
            self.tf.append(counts)
            df.update(counts.keys())
        self.lengths = [sum(c.values()) for c in self.tf]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings: dict[str, list[int]] = {}
        for i, counts in enumerate(self.tf):
            for term in counts:
                self.postings.setdefault(term, []).append(i)

    def tokens(self, text: str) -> list[str]:
        text = self._t2s.convert(unicodedata.normalize("NFKC", text or "")).lower()
        out = []
        for run in _TOKEN.findall(text):
            if run[0].isascii() or len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        return out

    def search(self, q: str, limit: int = 10) -> list[str]:
        scores: dict[int, float] = {}
        for term in set(self.tokens(q)):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i in self.postings[term]:
                tf = self.tf[i][term]
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
                scores[i] = scores.get(i, 0.0) + idf * tf * (self.k1 + 1) / norm
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [self.keys[i] for i, _score in ranked]


# --- metrics ------------------------------------------------------------------------------


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    dcg = sum((2 ** judged.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:10]))
    ideal = sorted(judged.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    """Share of what the searcher is after (grade 2) in the first ten, out of at most ten."""
    wanted = {key for key, grade in judged.items() if grade >= 2}
    if not wanted:
        return 1.0
    return len(wanted & set(ranked[:10])) / min(10, len(wanted))
