"""Load benchmark: gunicorn on PostgreSQL with 100,000 listings, public pages and APIs under load.

    .venv/bin/python bench/load.py [--quick] [--clients 32] [--seconds 30] [--listings N]

Starts gunicorn (gunicorn.conf.py, production settings, Redis cache, WhiteNoise) on a
database of its own (`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/
gxpt_bench; never the test or demo database): the demo's pages plus generated listings
up to --listings (kept between runs), indexed in an embedded search index of its own.
This process then drives it on loopback with a small asyncio HTTP/1.1 keep-alive client
(--clients concurrent connections for --seconds, after a warm-up): a weighted mix of the
public pages (home, both boards with filters and pages, listing details, the directory,
notices, the search page) and APIs (list, search, suggest, page API, directory). The
floor is measured in the same run: a trivial view (`/healthz/`) through the same
gunicorn and middleware. ratio = rps / floor_rps.

Listing details are drawn 80 % from 2,000 "popular" listings and 20 % from all of them.
The run is measured in a steady state: before the warm-up each popular listing is visited
once (a site that has been up for a while has them in its page cache, as it has the boards
and the home page), so the misses measured are the long tail's and the pages whose cache
entry expired (PAGE_CACHE_SECONDS). The per-kind table says how many there were.
"""

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from urllib.parse import quote

from _setup import ROOT, percentile, result_line

VAR = ROOT / "var" / "bench-load"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/gxpt_bench"
SECRET = "bench-only-secret-" + "x" * 40


def bench_env(database_url: str, cache_url: str) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "GXPT_TEST"))},
        "DJANGO_SETTINGS_MODULE": "gxpt.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": f"gxpt-bench-{os.getpid()}",
        "CELERY_BROKER_URL": "",
        "ELASTICSEARCH_URL": "",
        "SEARCH_EMBEDDED_PATH": str(VAR / "search.sqlite3"),
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
    }


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def populate(count: int) -> int:
    """Generated listings up to `count` (half demand, half supply), kept between runs."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from catalog.demo import make_credit_code
    from catalog.models import (
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    existing = DemandListing.objects.count() + SupplyListing.objects.count()
    if existing >= count:
        return 0
    rng = random.Random(12)
    districts = list(District.objects.all())
    if not Purchaser.objects.filter(name__startswith="负载测试街道").exists():
        Purchaser.objects.bulk_create(
            Purchaser(name=f"负载测试街道{n}办事处", level="street", district=districts[n % 16])
            for n in range(300)
        )
        Provider.objects.bulk_create(
            Provider(
                name=f"负载测试社会组织{n}",
                credit_code=make_credit_code("52", districts[n % 16].code, 700000 + n),
                district=districts[n % 16],
            )
            for n in range(300)
        )
    purchasers = list(Purchaser.objects.values_list("pk", flat=True))
    providers = list(Provider.objects.values_list("pk", flat=True))
    domains = list(ServiceDomain.objects.classifiable())
    now = timezone.now()
    words = ["居家养老", "助餐", "社区矫正", "青少年", "心理辅导", "助残", "社区营造", "家庭教育"]
    made = 0
    for model in (DemandListing, SupplyListing):
        target = count // 2 - model.objects.count()
        batch = []
        for n in range(max(target, 0)):
            domain = rng.choice(domains)
            fields = dict(
                title=f"{rng.choice(words)}{domain.name}服务项目{n}",
                domain=domain,
                district=rng.choice(districts),
                year=rng.choice([2023, 2024, 2025, 2026]),
                summary=f"为辖区居民提供{domain.name}相关的专业服务，{rng.choice(words)}。",
                service_targets="社区居民",
                contact_person="王老师",
                phone="021-63210000",
                live=n % 20 != 0,
                first_published_at=now,
                last_published_at=now,
            )
            if model is DemandListing:
                fields.update(
                    purchaser_id=rng.choice(purchasers),
                    budget=Decimal(rng.randrange(50_000, 2_000_000, 1000)),
                    period_start=datetime.date(2025, 1, 1),
                    period_end=datetime.date(2025, 12, 31),
                )
            else:
                fields.update(provider_id=rng.choice(providers))
            batch.append(model(**fields))
            if len(batch) == 5000:
                model.objects.bulk_create(batch)
                made += len(batch)
                batch = []
        model.objects.bulk_create(batch)
        made += len(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does to a real database after a load: statistics and the
        # visibility map (index-only counts of the boards).
        cursor.execute("VACUUM ANALYZE")
    return made


def url_mix(rng: random.Random) -> tuple[list, list]:
    from wagtail.models import Page

    from catalog.models import DemandListing, SupplyListing

    demand = list(DemandListing.objects.filter(live=True).values_list("pk", flat=True))
    supply = list(SupplyListing.objects.filter(live=True).values_list("pk", flat=True))
    popular_demand, popular_supply = rng.sample(demand, 1000), rng.sample(supply, 1000)
    popular = [f"/demand/{pk}/" for pk in popular_demand] + [f"/supply/{pk}/" for pk in popular_supply]

    def detail():
        if rng.random() < 0.8:
            kind, pk = rng.choice([("demand", rng.choice(popular_demand)), ("supply", rng.choice(popular_supply))])
        else:
            kind, pk = rng.choice([("demand", rng.choice(demand)), ("supply", rng.choice(supply))])
        return f"/{kind}/{pk}/"

    # Section, notice, board and directory pages of the demo's page tree.
    notices = [page.url for page in Page.objects.live().public().filter(depth__gte=3)[:60]]
    terms = ["养老", "助餐", "社区", "心理辅导", "青少年", "助残", "家庭教育", "黄浦"]
    mix = [
        (8, "home", lambda: "/"),
        (6, "demand board", lambda: "/demand/"),
        (4, "supply board", lambda: "/supply/"),
        (5, "demand filtered", lambda: f"/demand/?domain_first={rng.randint(1, 13)}&year={rng.choice([2024, 2025])}"),
        (3, "supply page", lambda: f"/supply/?page={rng.randint(1, 30)}"),
        (3, "demand page", lambda: f"/demand/?page={rng.randint(1, 30)}"),
        (16, "detail", detail),
        (3, "directory", lambda: "/directory/"),
        (5, "notice pages", lambda: rng.choice(notices)),
        (4, "search page", lambda: f"/search/?q={rng.choice(terms)}"),
        (5, "api demand", lambda: f"/api/demand-listings/?domain_first={rng.randint(1, 13)}"),
        (3, "api supply", lambda: f"/api/supply-listings/?page={rng.randint(1, 20)}"),
        (4, "api search", lambda: f"/api/search/?q={rng.choice(terms)}"),
        (4, "api suggest", lambda: f"/api/search/suggest/?q={rng.choice(terms)[:1]}"),
        (3, "page api", lambda: "/api/v2/pages/?type=notices.PolicyPage"),
        (2, "api directory", lambda: "/api/directory/"),
    ]
    return mix, popular


async def _read_response(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    cached = headers.get("x-page-cache", "-")
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection", "").lower() == "close", cached


async def _client(port, pick, deadline, latencies, errors, record, kinds):
    reader = writer = None
    while time.perf_counter() < deadline:
        kind, path = pick()
        path = quote(path, safe="/?=&")
        cached = "-"
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html,application/json\r\n"
                "Accept-Language: zh-hans\r\nUser-Agent: gxpt-bench\r\n\r\n".encode()
            )
            status, close, cached = await asyncio.wait_for(_read_response(reader), 10)
            if close:
                writer.close()
                writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            status = repr(exc)
            if writer:
                writer.close()
            writer = None
        if not record:
            continue
        elapsed = (time.perf_counter() - start) * 1000
        latencies.append(elapsed)
        kinds.setdefault(kind, []).append((elapsed, cached))
        if status != 200:
            errors.append((path, status))
    if writer:
        writer.close()


def drive(port: int, pick, clients: int, seconds: float, record: bool = True) -> dict:
    latencies, errors, kinds = [], [], {}

    async def run():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *[_client(port, pick, deadline, latencies, errors, record, kinds) for _ in range(clients)]
        )

    start = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50) if latencies else 0,
        "p95": percentile(latencies, 0.95) if latencies else 0,
        "p99": percentile(latencies, 0.99) if latencies else 0,
        "kinds": kinds,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--listings", type=int)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    seconds = args.seconds or (5 if args.quick else 30)
    listings = args.listings or (5_000 if args.quick else 100_000)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
    VAR.mkdir(parents=True, exist_ok=True)
    env = bench_env(database_url, cache_url)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    ensure_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    null = open(os.devnull, "w")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    from catalog.models import Provider

    if not Provider.objects.filter(name="上海黄浦阳光社会工作服务社").exists():
        call_command("load_demo", stdout=null)
    made = populate(listings)
    from search.backends.embedded import SCHEMA

    # Rebuilt when listings were added or the index layout changed (an index of an older
    # layout would start empty, and the searches would cost nothing).
    marker, state = VAR / "indexed", f"{listings} {SCHEMA}"
    if made or not marker.exists() or marker.read_text() != state:
        call_command("rebuild_search_index", "--backend", "embedded", stdout=null)
        marker.write_text(state)
    call_command("collectstatic", "--noinput", verbosity=0)
    print(f"set-up {time.perf_counter() - t0:.0f} s ({made} listings made)")

    rng = random.Random(7)
    mix, popular = url_mix(rng)
    weights = [w for w, _, _ in mix]
    makers = [(kind, make) for _, kind, make in mix]

    def pick():
        kind, make = rng.choices(makers, weights)[0]
        return kind, make()

    # The client runs in this process, which has loaded Django and the URL mix: its
    # objects are moved out of the collector's generations, so that a full collection in
    # the client does not pause all 32 connections and count as the server's latency.
    import gc

    gc.freeze()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gxpt.wsgi", "--bind", f"127.0.0.1:{args.port}"],
        cwd=ROOT,
        env=env,
        stdout=null,
        stderr=open(VAR / "gunicorn.log", "w"),
    )
    try:
        import httpx

        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{args.port}/healthz/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"gunicorn did not start: {(VAR / 'gunicorn.log').read_text()[-2000:]}")
            time.sleep(0.3)
        # Steady state: every popular listing visited once, then the mix for a while.
        while popular:
            drive(args.port, lambda: ("warm", popular.pop() if popular else "/healthz/"), args.clients, 2, record=False)
        drive(args.port, pick, args.clients, min(seconds, 10), record=False)
        # The floor is measured on both sides of the mix (this machine's speed drifts):
        # their requests and time are added up.
        floors = [drive(args.port, lambda: ("floor", "/healthz/"), args.clients, max(seconds / 6, 2))]
        load = drive(args.port, pick, args.clients, seconds)
        floors.append(drive(args.port, lambda: ("floor", "/healthz/"), args.clients, max(seconds / 6, 2)))
        floor = {
            "rps": sum(f["requests"] for f in floors) / sum(f["requests"] / f["rps"] for f in floors),
            "p95": max(f["p95"] for f in floors),
            "errors": [e for f in floors for e in f["errors"]],
            "each": [f["rps"] for f in floors],
        }
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    load_avg = os.getloadavg()[0]
    print(
        f"mix: {load['requests']} requests in {seconds:.0f} s at {args.clients} clients, "
        f"{load['rps']:.0f}/s, p50 {load['p50']:.1f} ms, p95 {load['p95']:.1f} ms, p99 {load['p99']:.1f} ms"
    )
    before, after = floor["each"]
    print(
        f"floor (/healthz/): {floor['rps']:.0f}/s ({before:.0f} before the mix, {after:.0f} after),"
        f" p95 {floor['p95']:.1f} ms; load average {load_avg:.2f}"
    )
    # Where the time goes: each kind's share of the requests, its latencies and how often
    # the page cache answered it (hit / miss stored / "-" neither: not cacheable).
    print(f"{'kind':<16}{'share':>7}{'p50 ms':>9}{'p95 ms':>9}{'hit':>7}{'miss':>7}{'none':>7}")
    for kind, rows in sorted(load["kinds"].items(), key=lambda item: -len(item[1])):
        times = [elapsed for elapsed, _ in rows]
        hit, miss = (sum(1 for _, c in rows if c == state) for state in ("hit", "miss"))
        print(
            f"{kind:<16}{len(rows) / load['requests']:>7.1%}{percentile(times, 0.5):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{hit:>7}{miss:>7}{len(rows) - hit - miss:>7}"
        )
    for path, status in load["errors"][:10]:
        print(f"error: {path} -> {status}")
    print(
        result_line(
            clients=args.clients,
            seconds=int(seconds),
            requests=load["requests"],
            errors=len(load["errors"]) + len(floor["errors"]),
            rps=load["rps"],
            p50_ms=load["p50"],
            p95_ms=load["p95"],
            p99_ms=load["p99"],
            floor_rps=floor["rps"],
            ratio=load["rps"] / floor["rps"] if floor["rps"] else 0.0,
            listings=listings,
            load_avg=load_avg,
        )
    )


if __name__ == "__main__":
    main()
