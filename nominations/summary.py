"""The district summary table (`000` 附件3) as an .xlsx, in the attachment's exact layout.

Rows: what the district forwarded to the city (区级同意 and later 市级同意), and the
「原有」/「新增」 attribute in 备注 so the stamped copy says which entries are carried over.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from security.spreadsheets import append_row

from .models import Application, Status

FORWARDED = (Status.DISTRICT_APPROVED, Status.CITY_APPROVED)
COLUMNS = ("序号", "一级目录", "二级目录", "社会组织全称", "项目名称", "备注")


def summary_rows(round_, district):
    return (
        Application.objects.filter(
            round=round_,
            provider__district=district,
            provider__registration_level="district",
            status__in=FORWARDED,
        )
        .select_related("provider", "domain__parent")
        .order_by("domain__major", "domain__minor", "provider__name", "pk")
    )


def build_summary(round_, district, contact_person: str = "", phone: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐汇总表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    sheet.merge_cells("A1:F1")
    sheet["A1"] = f"{round_.year} 年度上海市承接政府购买服务社会组织推荐汇总表"
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = centre
    sheet["A2"] = f"区民政局（公章）：{district.name}民政局"
    sheet["A3"] = f"联系人：{contact_person}"
    sheet["A4"] = f"联系电话：{phone}"
    # Header as in the attachment: 业务领域 spans 一级目录 / 二级目录.
    sheet["A5"], sheet["B5"], sheet["D5"], sheet["E5"], sheet["F5"] = (
        "序号",
        "业务领域",
        "社会组织全称",
        "项目名称",
        "备注",
    )
    sheet.merge_cells("B5:C5")
    for column in "ADEF":
        sheet.merge_cells(f"{column}5:{column}6")
    sheet["B6"], sheet["C6"] = "一级目录", "二级目录"
    for row in sheet["A5:F6"]:
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = centre
            cell.border = border
    for number, application in enumerate(summary_rows(round_, district), start=1):
        domain = application.domain
        first, second = (domain.parent.name, domain.name) if domain.parent_id else (domain.name, "")
        values = (
            number,
            first,
            second,
            application.provider.name,
            application.title,
            application.get_origin_display(),
        )
        append_row(sheet, values)
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for column, width in zip("ABCDEF", (6, 14, 22, 36, 36, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
