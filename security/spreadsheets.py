"""One escaping helper for every spreadsheet the platform writes (formula injection).

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is taken
by Excel, WPS and LibreOffice as a formula (`=HYPERLINK(...)`, DDE). Every .xlsx we
write stores such text as a string cell with Excel's own "quote prefix" (the value is
unchanged, so an export imports back as it was, and editing the cell keeps it text);
every .csv prefixes it with an apostrophe, as OWASP recommends, because a CSV has no
cell types.

Wagtail's own exports (ViewSet index "下载 CSV/XLSX", reports, form submissions) all go
through `SpreadsheetExportMixin`; `patch_wagtail_exports` (run in AppConfig.ready)
routes its two row writers through these helpers, because Wagtail's CSV writer writes
formulas as they are.
"""
from openpyxl.cell import WriteOnlyCell
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value):
    """A value safe to write to a CSV cell."""
    if is_formula_like(value):
        return "'" + value
    return value


def csv_row(values):
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet, value):
    """An openpyxl cell for `sheet` holding `value`, text kept text (never a formula)."""

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    return [xlsx_cell(sheet, value) for value in values]


def append_row(sheet, values) -> None:
    """`sheet.append(values)` with every text value written as text (write-only or not)."""
    sheet.append(xlsx_row(sheet, values))


def set_cell(sheet, coordinate: str, value):
    """`sheet[coordinate] = value` with text kept text, for sheets laid out by address."""
    cell = sheet[coordinate]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def patch_wagtail_exports() -> None:

    if getattr(SpreadsheetExportMixin, "_gxpt_safe_cells", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    original_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in original_xlsx_row(self, worksheet, row_dict, date_format=date_format):
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell

    SpreadsheetExportMixin.write_csv_row = write_csv_row
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._gxpt_safe_cells = True
