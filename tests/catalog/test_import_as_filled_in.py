"""Spreadsheets as Excel users really fill them in: normalized where unambiguous, refused with
the row, the column and how to fix it where not, and all or nothing as before."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from catalog.factories import ProviderFactory
from catalog.importing import import_file
from catalog.importing.cells import RowError, parse_amount, parse_date, parse_email
from catalog.importing.kinds import SPECS
from catalog.models import SupplyListing
from tests.catalog.spreadsheets import table, upload, with_saved_results, xlsx_bytes
from tests.catalog.test_import import SUPPLY_HEADERS, run, supply_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("38万元", Decimal("380000.00")),
        ("￥12.5万", Decimal("125000.00")),
        ("¥1,200,000.00", Decimal("1200000.00")),
        ("１２０，０００元", Decimal("120000.00")),
        ("人民币 5 万元", Decimal("50000.00")),
        (380000, Decimal("380000.00")),
    ],
)
def test_amounts_written_in_wan_or_with_signs_and_separators_are_normalized(written, yuan):
    assert parse_amount(written, {}) == yuan


@pytest.mark.parametrize("written", ["约38万", "三十八万元", "38万美元"])
def test_an_amount_that_is_not_a_number_says_how_to_write_one(written):
    with pytest.raises(RowError, match="请填写以元为单位的数字，如 380000，或写作 38万元"):
        parse_amount(written, {})


@pytest.mark.parametrize(
    ("written", "day"),
    [(45717, datetime.date(2025, 3, 1)), ("45717", datetime.date(2025, 3, 1)), ("２０２５年３月１日", datetime.date(2025, 3, 1))],
)
def test_excel_date_serials_and_full_width_dates_are_read(written, day):
    assert parse_date(written, {}) == day


def test_an_invalid_email_address_is_flagged():
    with pytest.raises(RowError, match="电子邮箱“wang@@example”格式不正确"):
        parse_email("wang@@example", {})
    assert parse_email("ｗａｎｇ@example.org", {}) == "wang@example.org"


def test_the_templates_own_example_domain_is_accepted():
    column = next(c for c in SPECS["supply"].columns if c.header == "业务领域")
    provider = ProviderFactory()
    report = run("supply", table(SUPPLY_HEADERS, supply_row(provider, 业务领域=column.example)))
    assert report.ok, report.problems
    assert SupplyListing.objects.get().domain.code == column.example


def test_a_domain_written_as_code_and_name_must_agree_and_the_refusal_names_both():
    provider = ProviderFactory()
    agreeing = run("supply", table(SUPPLY_HEADERS, supply_row(provider, 业务领域="6.2 心理咨询")))
    assert agreeing.ok and SupplyListing.objects.get().domain.code == "6.2"
    SupplyListing.objects.all().delete()
    report = run(
        "supply",
        table(SUPPLY_HEADERS, supply_row(provider, 项目名称="垃圾分类宣传", 业务领域="6.2 垃圾分类")),
    )
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "业务领域")
    assert "6.2 是“心理咨询”" in problem.message and "“垃圾分类”的序号是 6.6" in problem.message
    assert not SupplyListing.objects.exists()


def test_full_width_credit_codes_are_read():
    provider = ProviderFactory()
    full_width = provider.credit_code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    report = run("supply", table(SUPPLY_HEADERS, supply_row(provider, 社会组织统一社会信用代码=full_width)))
    assert report.ok, report.problems
    assert SupplyListing.objects.get().provider == provider


def test_a_formula_saved_without_its_value_is_refused_with_how_to_fix_it():
    provider = ProviderFactory()
    rows = table(SUPPLY_HEADERS, supply_row(provider), supply_row(provider, 项目名称="第二个项目"))
    amount = SUPPLY_HEADERS.index("项目总体金额（元）")
    rows[2][amount] = "=10000*12"  # openpyxl writes formulas without computing them
    report = run("supply", rows)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (3, "项目总体金额（元）")
    assert "=10000*12" in problem.message and "选择性粘贴 → 数值" in problem.message
    assert not SupplyListing.objects.exists()  # all or nothing


def test_a_formula_saved_with_its_result_is_imported_by_that_result_and_said_so():
    provider = ProviderFactory()
    rows = table(SUPPLY_HEADERS, supply_row(provider))
    amount = SUPPLY_HEADERS.index("项目总体金额（元）")
    rows[1][amount] = "=10000*12"
    content = with_saved_results(xlsx_bytes(rows), {"10000*12": 120000})
    report = import_file("supply", upload("data.xlsx", content), "data.xlsx")
    assert report.ok, report.problems
    assert SupplyListing.objects.get().total_amount == Decimal("120000.00")
    (note,) = report.notes
    assert (note.row, note.column) == (2, "项目总体金额（元）")
    assert "=10000*12" in note.message and "120000" in note.message and "请核对" in note.message
    assert type(report).from_json(report.as_json()).notes == report.notes  # kept by a background job


def test_the_import_page_says_which_formula_results_it_took(user_with_role, login):
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    rows = table(SUPPLY_HEADERS, supply_row(provider))
    rows[1][SUPPLY_HEADERS.index("项目总体金额（元）")] = "=10000*12"
    content = with_saved_results(xlsx_bytes(rows), {"10000*12": 120000})
    response = client.post(
        reverse("catalog_import"), {"kind": "supply", "file": upload("data.xlsx", content)}, follow=True
    )
    page = response.content.decode()
    assert "已导入" in page and "第 2 行“项目总体金额（元）”是公式（=10000*12）" in page
