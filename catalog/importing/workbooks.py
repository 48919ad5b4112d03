"""Spreadsheets we write: the import templates, the `.xlsx` export and the problem report."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from security.spreadsheets import append_row

from .kinds import SPECS
from .report import ImportReport


def _workbook_response_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(kind: str) -> bytes:
    """The import template: the header row, and a second sheet explaining every column."""

    spec = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.label)
    sheet.append([column.header for column in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, len(column.header) * 2 + 2
        )
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append(
            [column.header, "必填" if column.required else "", str(column.note), column.example]
        )
    notes.append([])
    notes.append(
        [
            "说明：只读取第一个工作表；第一行为列名；任何一行有误时整份文件都不会导入，请按报告修改后重新上传。"
        ]
    )
    return _workbook_response_bytes(workbook)


def template_csv(kind: str) -> bytes:
    spec = SPECS[kind]
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.header for column in spec.columns])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(kind: str, queryset, out) -> None:
    """Write `queryset` to `out` as .xlsx with the template's headers (write-only, streamed)."""

    spec = SPECS[kind]()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(spec.label))
    sheet.append([column.header for column in spec.columns])
    for instance in spec.export_queryset(queryset).iterator(chunk_size=2000):
        append_row(sheet, spec.export_row(instance))
    workbook.save(out)


def problems_xlsx(report: ImportReport) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入问题")
    sheet.append(["行号", "列", "问题"])
    for problem in report.problems:
        append_row(sheet, [problem.row, problem.column, problem.message])
    return _workbook_response_bytes(workbook)
