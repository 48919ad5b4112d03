"""Bulk import from the admin: upload form, templates with Chinese headers, scoped .xlsx export."""

import io

import pytest
from openpyxl import load_workbook

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory, district
from catalog.importing import SPECS, import_file
from catalog.models import SupplyListing
from tests.catalog.spreadsheets import upload

pytestmark = pytest.mark.django_db


def sheet_rows(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_template_has_the_chinese_headers(kind, user_with_role, login):
    client = login(user_with_role(Role.CITY_ADMIN))
    response = client.get(f"/admin/catalog/import/template/{kind}.xlsx")
    assert response.status_code == 200
    headers = sheet_rows(response.content)[0]
    assert list(headers) == [column.header for column in SPECS[kind].columns]
    csv_response = client.get(f"/admin/catalog/import/template/{kind}.csv")
    assert csv_response.content.decode("utf-8-sig").startswith(SPECS[kind].columns[0].header)


def test_a_provider_may_only_download_the_supply_template(user_with_role, login):
    client = login(user_with_role(Role.PROVIDER))
    assert client.get("/admin/catalog/import/template/supply.xlsx").status_code == 200
    assert client.get("/admin/catalog/import/template/providers.xlsx").status_code == 404


def test_roles_without_import_cannot_open_the_import_screen(user_with_role, login):
    for role in (Role.MONITOR, Role.EXPERT):
        assert login(user_with_role(role)).get("/admin/catalog/import/").status_code in (302, 403)


def test_uploading_a_bad_file_shows_the_report_and_imports_nothing(user_with_role, login):
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    content = "项目名称,业务领域,项目年度\n助餐,99.9,2026\n".encode()
    response = client.post(
        "/admin/catalog/import/", {"kind": "supply", "file": upload("a.csv", content)}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "未知的业务领域" in page and "第 2 行" in page
    assert not SupplyListing.objects.exists()


def test_uploading_a_good_file_imports_and_redirects(user_with_role, login):
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    content = "项目名称,业务领域,项目年度,项目概述,联系人,联系电话\n助餐,2.1,2026,送餐,王,021-1\n"
    response = client.post(
        "/admin/catalog/import/",
        {"kind": "supply", "file": upload("a.csv", content.encode("gb18030"))},
    )
    assert response.status_code == 302
    assert SupplyListing.objects.get().provider == provider


def test_a_disguised_file_is_refused_by_content(user_with_role, login):
    client = login(user_with_role(Role.CITY_ADMIN))
    response = client.post(
        "/admin/catalog/import/", {"kind": "supply", "file": upload("a.xlsx", b"MZ\x90\x00")}
    )
    assert "不是 Excel" in response.content.decode()


def test_the_export_holds_only_records_in_scope_and_reimports(user_with_role, login):
    own = ProviderFactory()
    mine = SupplyListingFactory(provider=own, title="我的项目")
    SupplyListingFactory(provider=ProviderFactory(district=district("徐汇区")), title="别人的")
    client = login(user_with_role(Role.PROVIDER, provider=own))
    response = client.get("/admin/catalog/export/supply.xlsx")
    rows = sheet_rows(response.content)
    assert [row[1] for row in rows[1:]] == ["我的项目"]
    assert rows[1][0] == own.credit_code
    mine.delete()
    report = import_file("supply", upload("e.xlsx", response.content), "e.xlsx")
    assert report.ok, report.problems
    assert SupplyListing.objects.get(title="我的项目").provider == own
