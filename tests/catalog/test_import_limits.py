"""Issue 11, hole 6: hostile spreadsheets are refused cheaply, large imports run in the worker."""

import io
import zipfile

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory
from catalog.importing import FileRejected, check_upload, count_rows, import_file
from catalog.models import ImportJob, JobStatus, SupplyListing
from catalog.tasks import run_import_job
from notifications.models import Notification
from tests.catalog.spreadsheets import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["项目名称", "业务领域", "项目年度", "项目概述", "联系人", "联系电话"]


def rows(n: int) -> list[list]:
    return [HEADERS, *[[f"助餐服务{i}", "2.1", 2026, "为高龄老人送餐", "王", "021-1"] for i in range(n)]]


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_its_declared_size_before_anything_is_unpacked(settings):
    settings.CATALOG_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (4 << 20)})
    assert len(bomb) < 20_000  # compresses to almost nothing
    with pytest.raises(FileRejected, match="解压后过大"):
        check_upload(io.BytesIO(bomb), "bomb.xlsx")
    # A real workbook of the same rows passes the same check.
    assert check_upload(io.BytesIO(xlsx_bytes(rows(10))), "ok.xlsx") == "xlsx"


@pytest.mark.parametrize("name", ["big.xlsx", "big.csv"])
def test_too_many_rows_are_refused_by_a_count_before_any_cell_is_parsed(settings, name):
    settings.CATALOG_IMPORT_MAX_ROWS = 100
    build = xlsx_bytes if name.endswith(".xlsx") else csv_bytes
    file_format = name.rsplit(".", 1)[1]
    assert count_rows(io.BytesIO(build(rows(100))), file_format) == 101
    with pytest.raises(FileRejected, match="超过单次导入上限 100 行"):
        count_rows(io.BytesIO(build(rows(101))), file_format)


def test_a_csv_field_beyond_the_cell_limit_is_a_clear_message_not_a_server_error(user_with_role, login):
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    content = csv_bytes([HEADERS, ["助餐", "2.1", 2026, "长" * 140_000, "王", "021-1"]])
    response = client.post("/admin/catalog/import/", {"kind": "supply", "file": upload("a.csv", content)})
    assert response.status_code == 200
    assert "第 2 行：单元格内容超过 32767 个字符" in response.content.decode()
    assert not SupplyListing.objects.exists()


def test_a_long_cell_within_the_limit_is_a_row_problem_with_its_column(user_with_role):
    # openpyxl reads at most Excel's 32,767 characters of a cell; the column's own limit
    # then reports the row and column.
    user = user_with_role(Role.PROVIDER, provider=ProviderFactory())
    data = rows(2)
    data[2][3] = "长" * 40_000
    report = import_file("supply", upload("a.xlsx", xlsx_bytes(data)), "a.xlsx", user=user)
    assert [(p.row, p.column) for p in report.problems] == [(3, "项目概述")]
    assert not SupplyListing.objects.exists()


def test_xml_entities_in_a_sheet_are_refused(user_with_role):
    provider = ProviderFactory()
    user = user_with_role(Role.PROVIDER, provider=provider)
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows(1))))
    members = {name: good.read(name) for name in good.namelist()}
    members["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        + members["xl/worksheets/sheet1.xml"].split(b"?>")[-1].replace(b"2026", b"&b;", 1)
    )
    with pytest.raises(FileRejected, match="不允许的 XML 内容"):
        import_file("supply", upload("x.xlsx", zipped(members)), "x.xlsx", user=user)


def test_a_large_upload_becomes_a_background_job_with_its_report_and_a_message(
    settings, user_with_role, login, django_capture_on_commit_callbacks
):
    settings.CATALOG_IMPORT_BACKGROUND_ROWS = 2
    provider = ProviderFactory()
    owner = user_with_role(Role.PROVIDER, provider=provider)
    client = login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/catalog/import/",
            {"kind": "supply", "file": upload("big.xlsx", xlsx_bytes(rows(3)))},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/catalog/import/jobs/{job.pk}/"
    # Embedded, the outbox ran the job right after the commit.
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_total == 3 and bytes(job.content) == b""
    assert SupplyListing.objects.filter(provider=provider).count() == 3
    page = client.get(response.url).content.decode()
    assert "已导入 3 条" in page and 'http-equiv="refresh"' not in page
    assert Notification.objects.filter(recipient=owner, title__startswith="批量导入完成：big.xlsx 已导入 3 条").exists()
    # A second delivery of the same job (the outbox may deliver twice) imports nothing more.
    assert run_import_job(job.pk) == "skipped"
    assert SupplyListing.objects.count() == 3
    # Nobody else sees the job.
    other = login(user_with_role(Role.PROVIDER, provider=ProviderFactory()))
    assert other.get(response.url).status_code == 404


def test_a_queued_job_shows_its_progress_and_refreshes(user_with_role, login):
    owner = user_with_role(Role.PROVIDER, provider=ProviderFactory())
    job = ImportJob.objects.create(
        user=owner, kind="supply", filename="a.xlsx", file_format="xlsx", content=b"x", rows_total=900
    )
    job.set_progress(500)
    page = login(owner).get(f"/admin/catalog/import/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "已检查 500 / 900 行" in page


def test_a_job_whose_file_is_bad_fails_with_the_message_and_imports_nothing(user_with_role):
    owner = user_with_role(Role.PROVIDER, provider=ProviderFactory())
    job = ImportJob.objects.create(
        user=owner, kind="supply", filename="a.xlsx", file_format="xlsx", content=b"PK\x03\x04junk"
    )
    assert run_import_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error and not SupplyListing.objects.exists()
    assert Notification.objects.filter(recipient=owner, title__startswith="批量导入失败：a.xlsx").exists()
