"""Bulk import: all-or-nothing, every problem reported with row, column and a Chinese message."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory, credit_code
from catalog.importing import FileRejected, import_file
from catalog.models import DemandListing, Provider, Purchaser, SupplyListing
from tests.catalog.spreadsheets import csv_bytes, table, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

SUPPLY_HEADERS = [
    "社会组织统一社会信用代码",
    "项目名称",
    "业务领域",
    "项目年度",
    "项目概述",
    "联系人",
    "联系电话",
    "实施开始日期",
    "实施结束日期",
    "项目总体金额（元）",
    "发布状态",
]


def supply_row(provider, **overrides):
    row = {
        "社会组织统一社会信用代码": provider.credit_code,
        "项目名称": "社区长者助餐",
        "业务领域": "2.1",
        "项目年度": 2026,
        "项目概述": "为高龄独居老人送餐",
        "联系人": "王老师",
        "联系电话": "13812345678",
        "实施开始日期": "2026-01-01",
        "实施结束日期": "2026-12-31",
        "项目总体金额（元）": "120,000",
        "发布状态": "发布",
    }
    row.update(overrides)
    return row


def run(kind, rows, name="data.xlsx", user=None, encoding="utf-8"):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding)
    return import_file(kind, upload(name, content), name, user=user)


def test_a_valid_xlsx_imports_every_row_as_published_listings():
    provider = ProviderFactory()
    report = run(
        "supply",
        table(SUPPLY_HEADERS, supply_row(provider), supply_row(provider, 项目名称="心理疏导")),
    )
    assert report.ok, report.problems
    assert report.created == 2
    listing = SupplyListing.objects.get(title="社区长者助餐")
    assert listing.provider == provider
    assert listing.live and listing.is_public
    assert str(listing.total_amount) == "120000.00"
    assert listing.domain.code == "2.1"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030_imports_the_same(encoding):
    provider = ProviderFactory()
    report = run(
        "supply", table(SUPPLY_HEADERS, supply_row(provider)), "data.csv", encoding=encoding
    )
    assert report.ok, report.problems
    assert SupplyListing.objects.get().title == "社区长者助餐"


def test_one_bad_row_imports_nothing_and_every_problem_is_listed():
    provider = ProviderFactory()
    SupplyListingFactory(provider=provider, title="已有项目", year=2026)
    rows = table(
        SUPPLY_HEADERS,
        supply_row(provider, 项目名称="好的一行"),
        supply_row(provider, 社会组织统一社会信用代码="52310101MJ4927341Y"),
        supply_row(provider, 业务领域="99.9"),
        supply_row(provider, **{"项目总体金额（元）": "十二万"}),
        supply_row(provider, 实施结束日期="2025-12-31", 项目名称="日期颠倒"),
        supply_row(provider, 项目名称="已有项目"),
        supply_row(provider, 项目名称="好的一行"),
        supply_row(provider, 项目名称="缺电话", 联系电话=""),
    )
    report = run("supply", rows)
    assert SupplyListing.objects.count() == 1
    found = {(p.row, p.column) for p in report.problems}
    assert (3, "社会组织统一社会信用代码") in found
    assert (4, "业务领域") in found
    assert (5, "项目总体金额（元）") in found
    assert (6, "实施结束日期") in found
    assert (7, "项目名称") in found  # duplicate of an existing listing
    assert (8, "项目名称") in found  # duplicate of row 2
    assert (9, "联系电话") in found  # cannot publish without a phone
    messages = " ".join(p.message for p in report.problems)
    for expected in (
        "校验位",
        "未知的业务领域",
            "金额“十二万”无法识别",
        "早于",
        "已有项目重复",
        "前面的行重复",
    ):
        assert expected in messages
    assert report.created == 0


def test_a_row_marked_draft_may_lack_fields_needed_to_publish():
    provider = ProviderFactory()
    report = run(
        "supply", table(SUPPLY_HEADERS, supply_row(provider, 联系电话="", 发布状态="草稿"))
    )
    assert report.ok, report.problems
    listing = SupplyListing.objects.get()
    assert not listing.live


def test_missing_required_and_unknown_columns_are_reported_on_the_header_row():
    report = run("supply", [["项目名称", "奇怪的列"], ["x", "y"]])
    columns = {(p.row, p.column) for p in report.problems}
    assert (1, "业务领域") in columns
    assert (1, "奇怪的列") in columns


def test_providers_import_validates_credit_codes_and_districts():
    headers = ["社会组织全称", "统一社会信用代码", "所在区", "评估等级"]
    good = {
        "社会组织全称": "上海新建社工服务社",
        "统一社会信用代码": credit_code(),
        "所在区": "徐汇区",
        "评估等级": "3A",
    }
    bad_code = {**good, "社会组织全称": "另一个", "统一社会信用代码": "91310000123456789X"}
    bad_district = {
        **good,
        "社会组织全称": "第三个",
        "统一社会信用代码": credit_code(),
        "所在区": "火星区",
    }
    report = run("providers", table(headers, good, bad_code, bad_district))
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} == {(3, "统一社会信用代码"), (4, "所在区")}
    assert not Provider.objects.filter(name="上海新建社工服务社").exists()
    report = run("providers", table(headers, good))
    assert report.ok
    assert Provider.objects.get(name="上海新建社工服务社").grade == "3A"


def test_purchasers_and_demand_listings_import_and_unknown_purchaser_is_reported():
    report = run(
        "purchasers",
        table(
            ["购买主体名称", "层级", "所在区"],
            {"购买主体名称": "徐汇区测试街道办事处", "层级": "街道/镇", "所在区": "徐汇"},
        ),
    )
    assert report.ok, report.problems
    headers = [
        "购买主体",
        "项目名称",
        "业务领域",
        "项目年度",
        "预算金额（元）",
        "服务对象",
        "联系人",
        "联系电话",
        "购买方式",
    ]
    row = {
        "购买主体": "徐汇区测试街道办事处",
        "项目名称": "助餐",
        "业务领域": "2.1",
        "项目年度": "2026",
        "预算金额（元）": 300000,
        "服务对象": "老人",
        "联系人": "李",
        "联系电话": "021-1234",
        "购买方式": "公开招标",
    }
    report = run(
        "demand", table(headers, row, {**row, "购买主体": "不存在的街道", "项目名称": "x"})
    )
    assert [(p.row, p.column) for p in report.problems] == [(3, "购买主体")]
    assert "未知的购买主体" in report.problems[0].message
    report = run("demand", table(headers, row))
    assert report.ok
    listing = DemandListing.objects.get()
    assert listing.purchaser == Purchaser.objects.get(name="徐汇区测试街道办事处")
    assert listing.purchase_method == "open_tender"


def test_a_provider_account_imports_its_own_listings_only(user_with_role):
    own, other = ProviderFactory(), ProviderFactory()
    user = user_with_role(Role.PROVIDER, provider=own)
    report = run("supply", table(SUPPLY_HEADERS, supply_row(other)), user=user)
    assert not report.ok
    assert "其他单位" in report.problems[0].message
    report = run(
        "supply", table(SUPPLY_HEADERS, supply_row(own, 社会组织统一社会信用代码="")), user=user
    )
    assert report.ok, report.problems
    assert SupplyListing.objects.get().provider == own


def test_a_provider_account_cannot_import_organizations(user_with_role):
    user = user_with_role(Role.PROVIDER)
    report = run("providers", [["社会组织全称"], ["x"]], user=user)
    assert not report.ok and report.created == 0


def test_a_district_admin_imports_only_for_its_district(user_with_role):
    huangpu_provider = ProviderFactory()
    xuhui = ProviderFactory(district=huangpu_provider.district.__class__.objects.get(name="徐汇区"))
    user = user_with_role(Role.DISTRICT_ADMIN)  # 黄浦区
    assert run("supply", table(SUPPLY_HEADERS, supply_row(huangpu_provider)), user=user).ok
    report = run("supply", table(SUPPLY_HEADERS, supply_row(xuhui, 项目名称="y")), user=user)
    assert not report.ok


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("data.xlsx", b"not a zip file at all", "不是 Excel"),
        ("data.csv", b"PK\x03\x04rest", "不是 CSV"),
        ("data.exe", b"MZ\x90\x00", "只能上传"),
        ("data.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("data.csv", b"", "文件为空"),
    ],
)
def test_uploads_are_checked_by_type_and_content(name, content, message):
    with pytest.raises(FileRejected) as error:
        import_file("supply", upload(name, content), name)
    assert message in str(error.value)


def test_an_oversized_upload_is_refused(settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 100
    content = xlsx_bytes([["项目名称"]])
    with pytest.raises(FileRejected, match="文件过大"):
        import_file("supply", upload("a.xlsx", content), "a.xlsx")


def test_the_management_command_imports_and_fails_loudly(tmp_path):
    provider = ProviderFactory()
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(table(SUPPLY_HEADERS, supply_row(provider))))
    out = io.StringIO()
    call_command("import_catalog", "supply", str(good), stdout=out)
    assert "新建 1 条" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(table(SUPPLY_HEADERS, supply_row(provider, 项目年度="明年"))))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_catalog", "supply", str(bad), stdout=out)
    assert "第2行\t项目年度" in out.getvalue()
    assert SupplyListing.objects.count() == 1


def test_checks_know_they_run_in_bulk_and_the_import_is_announced(monkeypatch):
    from catalog import checks
    from catalog.signals import listings_imported

    seen_bulk = []

    def spy(instance):
        seen_bulk.append(checks.in_bulk())
        return []

    monkeypatch.setattr(checks, "_registry", [*checks._registry, spy])
    announced = []

    def receiver(sender, pks, **kwargs):
        announced.append((sender, pks))

    listings_imported.connect(receiver)
    try:
        provider = ProviderFactory()
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            report = run("supply", table(SUPPLY_HEADERS, supply_row(provider)))
    finally:
        listings_imported.disconnect(receiver)
    assert report.ok
    assert seen_bulk == [True]
    assert not checks.in_bulk()
    assert announced == [(SupplyListing, [SupplyListing.objects.get().pk])]
