"""Bulk downloads (built daily, served from the default storage), the field page, the cursor API."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from catalog.factories import DemandListingFactory, SupplyListingFactory
from opendata import downloads, tasks
from opendata.fields import DIRECTORY_FIELDS, SUPPLY_FIELDS
from tests.opendata.test_ocds import assert_valid

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example/","x")'


def download(client, name):
    response = client.get(f"/open-data/files/{name}")
    assert response.status_code == 200, name
    return b"".join(response.streaming_content)


def test_the_command_builds_every_file_and_the_page_lists_them(client, directory):
    SupplyListingFactory.create_batch(3)
    DemandListingFactory(title=INJECTION)
    SupplyListingFactory(live=False, title="草稿")
    call_command("build_open_data", stdout=io.StringIO())
    page = client.get("/open-data/").content.decode()
    for name in (
        "ocds/demand-releases.json",
        "demand-listings.csv",
        "supply-listings.xlsx",
        "supply-listings.json",
        "directory-2025.csv",
        "directory-2025.json",
    ):
        assert f'href="/open-data/files/{name}"' in page
    assert "directory-2026" not in page  # not published

    supply = json.loads(download(client, "supply-listings.json"))
    assert len(supply["data"]) == 3 and "草稿" not in str(supply)
    assert [f["key"] for f in supply["fields"]] == [f.key for f in SUPPLY_FIELDS]
    assert "phone" not in supply["data"][0] and "13812345678" not in str(supply)

    rows = list(
        csv.reader(io.StringIO(download(client, "demand-listings.csv").decode("utf-8-sig")))
    )
    assert rows[1][2] == "'" + INJECTION
    sheet = load_workbook(io.BytesIO(download(client, "demand-listings.xlsx"))).active
    assert sheet.cell(2, 3).value == INJECTION and sheet.cell(2, 3).quotePrefix

    directory_rows = json.loads(download(client, "directory-2025.json"))["data"]
    assert [e["project_title"] for e in directory_rows] == ["长者助餐", INJECTION]
    assert directory_rows[0]["provider_credit_code"] and directory_rows[0]["origin"] == "新增"
    assert_valid(json.loads(download(client, "ocds/demand-releases.json")))


def test_identifiers_in_the_files_are_stable_across_rebuilds(client):
    listings = SupplyListingFactory.create_batch(2)
    downloads.build("supply")
    first = [row["id"] for row in json.loads(download(client, "supply-listings.json"))["data"]]
    SupplyListingFactory()
    downloads.build("supply")
    second = [row["id"] for row in json.loads(download(client, "supply-listings.json"))["data"]]
    assert first == [listing.pk for listing in listings] and second[:2] == first


def test_the_daily_task_rebuilds_the_files(client, settings):
    SupplyListingFactory()
    assert "opendata-regenerate" in settings.CELERY_BEAT_SCHEDULE
    assert tasks.regenerate.apply().get() == len(downloads.DATASETS)  # eager: builds inline
    assert downloads.read_manifest("supply")["files"][0]["rows"] == 1


def test_only_listed_files_are_served(client, settings):
    downloads.build("supply")
    assert client.get("/open-data/files/supply-listings.csv").status_code == 200
    assert client.get("/open-data/files/manifest-supply.json").status_code == 404
    assert client.get("/open-data/files/../../etc/passwd").status_code == 404
    assert client.get("/open-data/files/nothing.csv").status_code == 404


def test_files_are_built_in_a_constant_number_of_queries(django_assert_max_num_queries):
    SupplyListingFactory.create_batch(3)
    with django_assert_max_num_queries(4) as few:  # one query per format
        downloads.build("supply")
    SupplyListingFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        downloads.build("supply")


def test_the_field_page_describes_every_field(client):
    html = client.get("/open-data/fields/").content.decode()
    for field in SUPPLY_FIELDS + DIRECTORY_FIELDS:
        assert f"<code>{field.key}</code>" in html and str(field.label) in html
    assert "CN-USCI" in html and "mainProcurementCategory" in html


def walk(client, url, **params):
    seen, pages = [], 0
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        key = "releases" if "releases" in body else "results"
        seen += body[key]
        pages += 1
        link = body.get("links", {}).get("next") if key == "releases" else body["next"]
        if not link:
            return seen, pages
        response = client.get(link)


def test_the_open_data_api_walks_every_row_once_by_cursor(client, django_assert_max_num_queries):
    listings = SupplyListingFactory.create_batch(7)
    rows, pages = walk(client, "/api/open-data/supply-listings/", page_size=3)
    assert [r["id"] for r in rows] == [listing.pk for listing in listings] and pages == 3
    assert rows[0]["provider_credit_code"] == listings[0].provider.credit_code
    with django_assert_max_num_queries(2):
        client.get("/api/open-data/supply-listings/", {"page_size": 3})
    assert "count" not in client.get("/api/open-data/supply-listings/").json()


def test_the_releases_api_pages_release_packages(client):
    DemandListingFactory.create_batch(5)
    response = client.get("/api/open-data/releases/", {"page_size": 2})
    package = response.json()
    assert package["version"] == "1.1" and len(package["releases"]) == 2
    assert "cursor=" in package["links"]["next"]
    assert_valid(package)
    releases, pages = walk(client, "/api/open-data/releases/", page_size=2)
    assert len({r["ocid"] for r in releases}) == 5 and pages == 3


def test_the_open_data_api_filters_and_refuses_bad_input(client, directory):
    SupplyListingFactory(year=2024)
    SupplyListingFactory(year=2025)
    assert [
        r["year"]
        for r in client.get("/api/open-data/supply-listings/", {"year": 2024}).json()["results"]
    ] == [2024]
    assert (
        client.get("/api/open-data/directory-entries/", {"year": 2025}).json()["results"][0]["year"]
        == 2025
    )
    assert client.get("/api/open-data/directory-entries/", {"year": 2026}).json()["results"] == []
    bad = client.get("/api/open-data/supply-listings/", {"year": "明年"})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("请求参数有误")
    assert client.get("/api/open-data/releases/", {"cursor": "garbage"}).status_code == 404


def test_existing_api_clients_keep_their_page_numbers(client):
    SupplyListingFactory.create_batch(3)
    body = client.get("/api/supply-listings/", {"page": 1, "page_size": 2}).json()
    assert body["count"] == 3 and "page=2" in body["next"]


def test_the_open_data_endpoints_are_in_the_openapi_document(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("releases", "demand-listings", "supply-listings", "directory-entries"):
        assert f"/api/open-data/{path}/" in schema["paths"]
    supply = schema["components"]["schemas"]["OpenSupplyListing"]["properties"]
    assert supply["total_amount"]["type"] == "number" and supply["total_amount"]["nullable"]
    assert supply["title"]["type"] == "string"


def test_signed_in_organizations_get_no_contact_details_either(client, user_with_role, login):
    from accounts.roles import Role

    SupplyListingFactory(phone="13812345678", contact_person="王老师")
    for role in (Role.PROVIDER, Role.CITY_ADMIN):
        body = login(user_with_role(role)).get("/api/open-data/supply-listings/").content.decode()
        assert "13812345678" not in body and "王老师" not in body and '"phone"' not in body
