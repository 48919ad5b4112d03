"""District summary table (附件3): the .xlsx in the attachment's columns, and the stamped scan back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from catalog.factories import ProviderFactory, district
from nominations.factories import ApplicationFactory, png_bytes
from nominations.models import DistrictSummary, Status

pytestmark = pytest.mark.django_db


def test_the_summary_lists_the_districts_forwarded_applications_in_the_attachment_columns(
    round_, provider, people, login
):
    forwarded = ApplicationFactory(round=round_, provider=provider, status=Status.DISTRICT_APPROVED)
    ApplicationFactory(round=round_, provider=provider, status=Status.SUBMITTED)
    ApplicationFactory(
        round=round_,
        provider=ProviderFactory(district=district("徐汇区")),
        status=Status.DISTRICT_APPROVED,
    )
    response = login(people["district"]).get(
        reverse("nomination_summaries:export"),
        {"round": round_.pk, "contact": "李老师", "phone": "63210000"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("区民政局（公章）")
    assert sheet["A3"].value == "联系人：李老师" and sheet["A4"].value == "联系电话：63210000"
    assert [sheet.cell(5, c).value for c in range(1, 7)] == [
        "序号",
        "业务领域",
        None,
        "社会组织全称",
        "项目名称",
        "备注",
    ]
    assert [sheet.cell(6, c).value for c in (2, 3)] == ["一级目录", "二级目录"]
    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    assert rows == [(1, "养老服务", "居家照护及社区托养", provider.name, forwarded.title, "新增")]


def test_only_district_admins_download_a_summary(round_, people, login):
    response = login(people["provider"]).get(
        reverse("nomination_summaries:export"), {"round": round_.pk}
    )
    assert response.status_code in (302, 403)


def test_a_district_uploads_its_stamped_scan_and_the_city_sees_it(round_, people, login):
    client = login(people["district"])
    response = client.post(
        reverse("nomination_summaries:add"),
        {
            "round": round_.pk,
            "contact_person": "李老师",
            "phone": "63210000",
            "stamped_scan": SimpleUploadedFile("scan.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    summary = DistrictSummary.objects.get()
    assert summary.district.name == "黄浦区" and summary.uploaded_by == people["district"]
    assert (
        "黄浦区"
        in login(people["city"]).get(reverse("nomination_summaries:index")).content.decode()
    )
    other = (
        login(people["other_district"]).get(reverse("nomination_summaries:index")).content.decode()
    )
    assert "李老师" not in other


def test_a_scan_that_is_not_an_image_or_pdf_is_refused(round_, people, login):
    response = login(people["district"]).post(
        reverse("nomination_summaries:add"),
        {
            "round": round_.pk,
            "stamped_scan": SimpleUploadedFile("scan.pdf", b"<html>x</html>", "application/pdf"),
        },
    )
    assert "JPG、PNG 或 PDF" in response.content.decode()
    assert not DistrictSummary.objects.exists()


def test_the_stamped_scan_is_served_to_the_district_and_the_city_only(round_, people, login):
    summary = DistrictSummary.objects.create(
        round=round_,
        district=district("黄浦区"),
        stamped_scan=SimpleUploadedFile("scan.png", png_bytes(), "image/png"),
    )
    url = reverse("nomination_summaries:scan", args=[summary.pk])
    assert login(people["district"]).get(url).status_code == 200
    assert login(people["city"]).get(url).status_code == 200
    assert login(people["other_district"]).get(url).status_code == 404
    assert login(people["provider"]).get(url).status_code in (302, 403, 404)
    assert "scan" not in summary.stamped_scan.name  # unguessable name, not the upload's
