"""The files the demo publishes: the forms of 沪社服发〔2021〕5号 and the platform user manual.

Built from the seed document's own attachments (000: 附件1 to 附件4), with
openpyxl (spreadsheets) and python-docx (the manual), so that every download
on the demo site is a real file a user can open and fill in.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from catalog.models import ServiceDomain

from .manual import as_docx

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _xlsx(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _boxed(sheet, cell_range):
    for row in sheet[cell_range]:
        for cell in row:
            cell.border = BOX
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = WRAP


def service_domain_catalogue() -> bytes:
    """附件1: the service-domain taxonomy, from the reference data."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "业务领域目录"
    sheet.append(["上海市承接政府购买服务社会组织业务领域目录"])
    sheet.merge_cells("A1:D1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTER
    sheet.append(["序号", "一级目录", "序号", "二级目录"])
    domains = ServiceDomain.objects.select_related("parent").order_by("major", "minor")
    for domain in domains:
        if domain.parent_id is None:
            sheet.append([domain.code, domain.name, "", ""])
        else:
            sheet.append(["", domain.parent.name, domain.code, domain.name])
    for column, width in zip("ABCD", (8, 18, 8, 40), strict=True):
        sheet.column_dimensions[column].width = width
    _boxed(sheet, f"A2:D{sheet.max_row}")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    return _xlsx(workbook)


def recommendation_form() -> bytes:
    """附件2: 购买主体推荐意见表, laid out as in the notice, ready to print and stamp."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐意见表"
    for column, width in zip("ABCD", (22, 30, 16, 24), strict=True):
        sheet.column_dimensions[column].width = width
    sheet["A1"] = "购买主体推荐意见表"
    sheet.merge_cells("A1:D1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = CENTER
    rows = [
        ("社会组织全称（盖章）", "", "负责人", ""),
        ("项目名称", "", "项目负责人", ""),
        ("项目实施地点", "", "电话（手机）", ""),
    ]
    for offset, row in enumerate(rows, start=2):
        for column, value in zip("ABCD", row, strict=True):
            sheet[f"{column}{offset}"] = value
        sheet.row_dimensions[offset].height = 30
    sheet["A5"] = (
        "项目概述（500字以内）（用于在上海市社会组织服务供需对接平台的对外推介和展示，文字内容应包括"
        "但不限于项目所针对的问题，项目服务对象或受益人群，项目要达成的目标、项目的做法和主要成效等）"
    )
    sheet.merge_cells("B5:D5")
    sheet.row_dimensions[5].height = 160
    sheet["A6"] = (
        "购买主体评价及推荐意见：\n（包括但不限于项目合同的完成情况，项目成效，受益对象的满意度、"
        "项目运作的规范性等）（可附页）\n\n\n\n\n推荐单位：\n（公章）\n　　　　年　　月　　日"
    )
    sheet.merge_cells("A6:D6")
    sheet.row_dimensions[6].height = 200
    sheet["A7"] = (
        "佐证资料：请随表提交政府购买社会组织服务项目绩效评价报告或检查验收报告等相关资料。"
    )
    sheet.merge_cells("A7:D7")
    sheet.row_dimensions[7].height = 36
    _boxed(sheet, "A2:D7")
    sheet["A8"] = "注：除“购买主体评价及推荐意见”一栏，表格其他部分由社会组织填写。"
    sheet.merge_cells("A8:D8")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_area = "A1:D8"
    return _xlsx(workbook)


SUMMARY_COLUMNS = ["序号", "一级目录", "二级目录", "社会组织全称", "项目名称", "备注"]


def summary_table(year: int = 2021) -> bytes:
    """附件3: the district's summary table (推荐汇总表), blank, for stamping."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐汇总表"
    last = get_column_letter(len(SUMMARY_COLUMNS))
    sheet["A1"] = f"{year}年度上海市承接政府购买服务社会组织推荐汇总表"
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTER
    sheet["A2"] = "区民政局（公章）：　　　　　　联系人：　　　　　　联系电话："
    sheet.merge_cells(f"A2:{last}2")
    sheet.append(SUMMARY_COLUMNS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = CENTER
    for number in range(1, 11):
        sheet.append([number, "", "", "", "", ""])
    for column, width in zip("ABCDEF", (6, 14, 22, 32, 32, 14), strict=True):
        sheet.column_dimensions[column].width = width
    _boxed(sheet, f"A3:{last}{sheet.max_row}")
    return _xlsx(workbook)


def user_manual() -> bytes:
    """供需对接平台用户手册 (the manual 附件4 refers to): the admin's 帮助 → 用户手册, as Word."""

    return as_docx()
