"""Assemble the search evaluation set's JSONL files from the hand-written sources in src/.

    python bench/data/search_eval/build.py

The Chinese names, titles and summaries are in src/*.txt, written by hand. This
script only adds what a writer would not type out: ids are the sources' own ids;
credit codes (valid GB 32100-2015 / GB 11714 check characters), dates, amounts,
purchase methods, statuses and contact details are drawn from a seeded random
generator, so a rebuild gives the same files. queries.jsonl is resolved from
src/queries.txt, the judgments written by hand (see README.md): a shorthand such as
d:6.2 stands for the listings classified 6.2, expanded here into explicit ids.
"""

import datetime
import hashlib
import json
import random
import re
from pathlib import Path

from stdnum.cn import uscc

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

DISTRICT_CODES = {
    "黄浦区": "310101", "徐汇区": "310104", "长宁区": "310105", "静安区": "310106",
    "普陀区": "310107", "虹口区": "310109", "杨浦区": "310110", "闵行区": "310112",
    "宝山区": "310113", "嘉定区": "310114", "浦东新区": "310115", "金山区": "310116",
    "松江区": "310117", "青浦区": "310118", "奉贤区": "310120", "崇明区": "310151",
}  # fmt: skip

# Real streets (街道) and towns (镇) of each district, as used in src/listings_*.txt.
STREETS = {
    "黄浦区": "南京东路街道 外滩街道 半淞园路街道 小东门街道 豫园街道 老西门街道 五里桥街道 打浦桥街道 淮海中路街道 瑞金二路街道",
    "徐汇区": "天平路街道 湖南路街道 斜土路街道 枫林路街道 长桥街道 田林街道 虹梅路街道 康健新村街道 徐家汇街道 凌云路街道 龙华街道 漕河泾街道 华泾镇",
    "长宁区": "华阳路街道 江苏路街道 新华路街道 周家桥街道 天山路街道 仙霞新村街道 虹桥街道 程家桥街道 北新泾街道 新泾镇",
    "静安区": "江宁路街道 石门二路街道 南京西路街道 静安寺街道 曹家渡街道 天目西路街道 北站街道 宝山路街道 共和新路街道 大宁路街道 彭浦新村街道 临汾路街道 芷江西路街道 彭浦镇",
    "普陀区": "曹杨新村街道 长风新村街道 长寿路街道 甘泉路街道 石泉路街道 宜川路街道 万里街道 真如镇街道 长征镇 桃浦镇",
    "虹口区": "欧阳路街道 曲阳路街道 广中路街道 嘉兴路街道 凉城新村街道 四川北路街道 北外滩街道 江湾镇街道",
    "杨浦区": "定海路街道 平凉路街道 江浦路街道 四平路街道 控江路街道 长白新村街道 延吉新村街道 殷行街道 大桥街道 五角场街道 新江湾城街道 长海路街道",
    "闵行区": "江川路街道 古美路街道 新虹街道 浦锦街道 莘庄镇 七宝镇 颛桥镇 华漕镇 虹桥镇 梅陇镇 吴泾镇 马桥镇 浦江镇",
    "宝山区": "友谊路街道 吴淞街道 张庙街道 庙行镇 淞南镇 高境镇 大场镇 杨行镇 月浦镇 罗店镇 顾村镇 罗泾镇",
    "嘉定区": "新成路街道 真新街道 嘉定镇街道 菊园新区 南翔镇 安亭镇 马陆镇 徐行镇 华亭镇 外冈镇 江桥镇",
    "浦东新区": "潍坊新村街道 陆家嘴街道 周家渡街道 塘桥街道 上钢新村街道 南码头路街道 沪东新村街道 金杨新村街道 洋泾街道 浦兴路街道 东明路街道 花木街道 川沙新镇 高桥镇 北蔡镇 张江镇 三林镇 惠南镇 周浦镇 新场镇 唐镇 曹路镇 金桥镇 高行镇 祝桥镇 康桥镇 航头镇 书院镇",
    "金山区": "石化街道 朱泾镇 枫泾镇 张堰镇 亭林镇 吕巷镇 廊下镇 金山卫镇 漕泾镇 山阳镇",
    "松江区": "岳阳街道 永丰街道 方松街道 中山街道 广富林街道 九里亭街道 泗泾镇 佘山镇 车墩镇 新桥镇 洞泾镇 九亭镇 泖港镇 石湖荡镇 新浜镇 叶榭镇 小昆山镇",
    "青浦区": "夏阳街道 盈浦街道 香花桥街道 朱家角镇 练塘镇 金泽镇 赵巷镇 徐泾镇 华新镇 重固镇 白鹤镇",
    "奉贤区": "西渡街道 奉浦街道 金海街道 南桥镇 奉城镇 庄行镇 金汇镇 四团镇 青村镇 柘林镇 海湾镇",
    "崇明区": "城桥镇 堡镇 新河镇 庙镇 竖新镇 向化镇 三星镇 港沿镇 中兴镇 陈家镇 绿华镇 港西镇 建设镇 新海镇 东平镇 长兴镇 横沙乡",
}  # fmt: skip
STREETS = {d: s.split() for d, s in STREETS.items()}

REQUIREMENTS = [
    "依法登记的社会组织，近两年年检合格，评估等级3A及以上优先。",
    "具有独立法人资格的社会服务机构，具备同类项目实施经验，配备专职项目负责人。",
    "在本市登记的社会组织，有专业社会工作者，未列入严重违法失信名单。",
    "具有相关专业资质和服务经验，近三年无不良信用记录。",
    "成立满两年，年检合格，具备稳定的专业服务团队。",
    "",
]
METHODS = ["open_tender", "competitive_consultation", "competitive_negotiation",
           "single_source", "invited_tender"]  # fmt: skip
STATUSES = ["published"] * 5 + ["changed", "contracted", "contracted", "evaluated", "cancelled"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗"
PHASE = re.compile(r"[（(]([一二三]期)[）)]|（?(20\d\d)年度）?")


def rows(name: str) -> list[list[str]]:
    out = []
    for line in (SRC / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("|"))
    return out


def org_code(rng: random.Random) -> str:
    """A 9-character organization code (GB 11714) as civil-affairs registrations carry: MJ……"""
    body = "MJ" + "".join(rng.choice("0123456789") for _ in range(6))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    check = 11 - value % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


DEPARTMENTS = {
    "1": "民政局", "2": "民政局", "3": "残疾人联合会", "4": "妇女联合会", "5": "司法局",
    "5.1": "民政局", "5.5": "公安分局", "6": "民政局", "6.5": "共青团区委", "6.6": "绿化和市容管理局",
    "6.7": "生态环境局", "6.9": "科学技术协会", "6.4": "退役军人事务局", "7": "卫生健康委员会",
    "8": "人力资源和社会保障局", "9": "文化和旅游局", "9.2": "体育局", "10": "民政局",
    "11": "应急管理局", "12": "司法局", "12.1": "房屋管理局", "12.2": "房屋管理局",
    "12.3": "信访办公室", "13": "民政局",
}  # fmt: skip


def department(domain: str) -> str:
    """The district department that usually buys a service of this domain."""
    return DEPARTMENTS.get(domain) or DEPARTMENTS[domain.split(".")[0]]


def street_purchaser(district: str, street: str) -> dict:
    if street.endswith("新区"):
        name = f"{district}{street}管理委员会"
    elif street.endswith("街道"):
        name = f"{district}{street}办事处"
    else:
        name = f"{district}{street}人民政府"
    return {"name": name, "level": "street", "district": district}


def build_organizations(rng: random.Random) -> list[dict]:
    orgs = []
    for oid, name, short, district, level, kind, grade, workers, ctype, summary in rows(
        "organizations.txt"
    ):
        division = "310000" if level == "city" else DISTRICT_CODES[district]
        body = f"{kind}{division}{org_code(rng)}"
        code = body + uscc.calc_check_digit(body)
        uscc.validate(code)
        orgs.append(
            {
                "id": oid,
                "name": name,
                "short_name": short,
                "credit_code": code,
                "district": district,
                "registration_level": level,
                "registered_on": datetime.date(
                    rng.randint(2006, 2021), rng.randint(1, 12), rng.randint(1, 28)
                ).isoformat(),
                "grade": grade,
                "has_social_workers": workers == "1",
                "community_type": ctype,
                "summary": summary,
                "contact_person": rng.choice(SURNAMES) + "老师",
                "phone": f"021-{rng.randint(5000, 6999)}{rng.randint(0, 9999):04d}",
                "address": f"上海市{district}",
            }
        )
    return orgs


def base_title(title: str) -> str:
    return PHASE.sub("", title).strip()


def build_listings(rng: random.Random, orgs: dict) -> list[dict]:
    source = [r for name in sorted(SRC.glob("listings_*.txt")) for r in rows(name.name)]
    base_year: dict[str, int] = {}
    out = []
    for lid, kind, domain, district, street, party, title, summary, targets in source:
        assert street in STREETS[district], (lid, district, street)
        explicit = re.search(r"(20\d\d)年度", title)
        phase = re.search(r"[（(]([二三])期[）)]", title)
        key = base_title(title)
        if explicit:
            year = int(explicit.group(1))
        else:
            year = base_year.setdefault(key, rng.choice([2022, 2023, 2024, 2024, 2025, 2025]))
            if phase:
                year = min(2026, base_year[key] + (1 if phase.group(1) == "二" else 2))
        start = datetime.date(year, rng.choice([1, 1, 3, 4, 7]), 1)
        end = datetime.date(year, 12, 31) if rng.random() < 0.8 else datetime.date(year + 1, 6, 30)
        doc = {
            "id": lid,
            "kind": "demand" if kind == "D" else "supply",
            "title": title,
            "domain": domain,
            "district": district,
            "street": street,
            "place": street,
            "service_targets": targets,
            "summary": summary,
            "year": year,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "contact_person": rng.choice(SURNAMES) + rng.choice(["老师", "女士", "先生"]),
            "phone": f"021-{rng.randint(5000, 6999)}{rng.randint(0, 9999):04d}",
        }
        amount = rng.randint(8, 300) * 5000
        if kind == "D":
            stem = re.sub(r"(街道|镇|新区|乡)$", "", street)
            if party == "街" and (stem in title or rng.random() < 0.7):
                purchaser = street_purchaser(district, street)
            else:
                dept = party if party != "街" else department(domain)
                purchaser = {"name": f"{district}{dept}", "level": "district", "district": district}
            doc.update(
                purchaser=purchaser,
                budget=amount,
                purchase_method=rng.choice(METHODS),
                budget_approved_on=(
                    start - datetime.timedelta(days=rng.randint(20, 90))
                ).isoformat(),
                status=rng.choice(STATUSES),
                provider_requirements=rng.choice(REQUIREMENTS),
            )
        else:
            assert party in orgs, (lid, party)
            before = rng.random() < 0.7
            doc.update(provider=party, purchased_before=before)
            if before:
                doc.update(
                    purchaser_name=street_purchaser(district, street)["name"],
                    total_amount=amount,
                    implemented_amount=amount if rng.random() < 0.6 else amount // 2,
                    government_amount=amount,
                )
        out.append(doc)
    return out


def build_notices() -> list[dict]:
    out = []
    for nid, kind, body, number, date, district, title, summary in rows("notices.txt"):
        out.append(
            {
                "id": nid,
                "kind": kind,
                "issuing_body": body,
                "document_number": number,
                "issue_date": date,
                "district": district,
                "title": title,
                "summary": summary,
            }
        )
    return out


def expand(refs: str, listings: list[dict], known: set[str]) -> set[str]:
    """The ids a judgment line names (see the header of src/queries.txt)."""
    chosen: set[str] = set()
    for ref in refs.split():
        drop = ref.startswith("-")
        ref = ref.lstrip("-")
        if ref.startswith("d:"):
            code, _sep, place = ref[2:].partition("@")
            ids = {
                x["id"]
                for x in listings
                if (x["domain"] == code or x["domain"].split(".")[0] == code)
                and place in ("", x["district"], x["street"])
            }
        elif ref.startswith("o:"):
            ids = {ref[2:]}
        elif ref.startswith("s:"):
            ids = {x["id"] for x in listings if x.get("provider") == ref[2:]}
        else:
            ids = {ref}
        assert ids and ids <= known, ref
        chosen = chosen - ids if drop else chosen | ids
    return chosen


def assign_splits(queries: list[dict], family: dict[str, str]) -> None:
    """Give each query its half: `tune` (look at it while tuning) or `held` (report only).

    The unit is a family: a query and the variants that copy its judgment (養老服務 and
    养佬服务 go where 养老服务 goes), so a held-out variant never has its plain form in the
    tuning half. Families are grouped by their plain query's kind (so both halves have
    every kind), ordered by a SHA-256 of the plain query (stable, unrelated to the
    engine), and dealt alternately, the alternation running on across the kinds in
    name order. The result is written into queries.jsonl, so it is committed with it.
    """
    kinds = {q["query"]: q["kind"] for q in queries}
    bases = sorted(
        set(family.values()),
        key=lambda base: (kinds[base], hashlib.sha256(base.encode()).hexdigest()),
    )
    half = {base: ("tune", "held")[n % 2] for n, base in enumerate(bases)}
    for q in queries:
        q["split"] = half[family[q["query"]]]


def build_queries(listings: list[dict], known: set[str]) -> list[dict]:
    judged: dict[str, dict] = {}
    family: dict[str, str] = {}
    out = []
    for query, kind, grade2, grade1 in rows("queries.txt"):
        family[query] = query
        if grade2.startswith("="):
            relevant = dict(judged[grade2[1:]])
            family[query] = family[grade2[1:]]
        else:
            relevant = {i: 1 for i in expand(grade1, listings, known)}
            relevant.update({i: 2 for i in expand(grade2, listings, known)})
        assert query not in judged, query
        judged[query] = relevant
        ordered = dict(sorted(relevant.items(), key=lambda item: (-item[1], item[0])))
        out.append({"query": query, "kind": kind, "relevant": ordered})
    assign_splits(out, family)
    keys = ("query", "kind", "split", "relevant")
    return [{key: q[key] for key in keys} for q in out]


def write(name: str, items: list[dict]) -> None:
    with open(HERE / name, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


def main():
    rng = random.Random(20251201)
    orgs = build_organizations(rng)
    listings = build_listings(rng, {o["id"]: o for o in orgs})
    ids = [x["id"] for x in orgs + listings]
    assert len(ids) == len(set(ids)), "duplicate ids"
    write("organizations.jsonl", orgs)
    write("listings.jsonl", listings)
    notices = build_notices()
    write("notices.jsonl", notices)
    known = set(ids) | {n["id"] for n in notices}
    queries = build_queries(listings, known)
    write("queries.jsonl", queries)
    kinds = {k: sum(1 for x in listings if x["kind"] == k) for k in ("demand", "supply")}
    print(f"{len(orgs)} organizations, {len(listings)} listings {kinds}, {len(notices)} notices")
    per_kind: dict[str, int] = {}
    for q in queries:
        per_kind[q["kind"]] = per_kind.get(q["kind"], 0) + 1
    print(f"{len(queries)} queries {per_kind}")
    for half in ("tune", "held"):
        mine = [q for q in queries if q["split"] == half]
        kinds_in = {}
        for q in mine:
            kinds_in[q["kind"]] = kinds_in.get(q["kind"], 0) + 1
        print(f"  {half}: {len(mine)} {kinds_in}")


if __name__ == "__main__":
    main()
