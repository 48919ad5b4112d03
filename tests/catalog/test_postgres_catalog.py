"""On PostgreSQL: the import is atomic, constraints hold, and the board's list keeps its query count."""

import pytest
from django.db import IntegrityError, transaction

from catalog.factories import ProviderFactory, SupplyListingFactory
from catalog.importing import import_file
from catalog.models import SupplyListing
from tests.catalog.spreadsheets import table, upload, xlsx_bytes
from tests.integration.conftest import postgres  # noqa: F401 - the fixture, shared

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("postgres")]

HEADERS = [
    "社会组织统一社会信用代码",
    "项目名称",
    "业务领域",
    "项目年度",
    "项目概述",
    "联系人",
    "联系电话",
]


def test_an_import_with_one_bad_row_leaves_postgres_untouched():
    provider = ProviderFactory()
    good = {
        "社会组织统一社会信用代码": provider.credit_code,
        "项目名称": "助餐",
        "业务领域": "2.1",
        "项目年度": 2026,
        "项目概述": "送餐",
        "联系人": "王",
        "联系电话": "021-1",
    }
    rows = [{**good, "项目名称": f"助餐{n}"} for n in range(2500)]  # more than one batch
    rows.append({**good, "项目年度": "去年"})
    report = import_file("supply", upload("a.xlsx", xlsx_bytes(table(HEADERS, *rows))), "a.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(2502, "项目年度")]
    assert not SupplyListing.objects.exists()
    report = import_file(
        "supply", upload("a.xlsx", xlsx_bytes(table(HEADERS, *rows[:-1]))), "a.xlsx"
    )
    assert report.created == 2500


def test_the_database_refuses_a_period_that_ends_before_it_starts():
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        SupplyListingFactory(
            period_start=datetime.date(2026, 5, 1), period_end=datetime.date(2026, 1, 1)
        )


def test_the_api_list_has_a_constant_query_count_on_postgres(client, django_assert_num_queries):
    for _ in range(30):
        SupplyListingFactory()
    # The count, the page and one read per related table (catalog.filters.public_listings).
    with django_assert_num_queries(6):
        response = client.get("/api/supply-listings/", {"domain_first": "2", "page_size": 50})
    assert len(response.json()["results"]) == 30
    for _ in range(30):
        SupplyListingFactory()
    with django_assert_num_queries(6):
        response = client.get("/api/supply-listings/", {"domain_first": "2", "page_size": 50})
    assert len(response.json()["results"]) == 50
