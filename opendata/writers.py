"""Rows of published fields written as CSV, XLSX or JSON, to any binary file object.

Every spreadsheet goes through security.spreadsheets (the one escaping helper): a text
beginning like a formula is written as text (an apostrophe in CSV, Excel's quote prefix
in XLSX) and every string cell is a string cell. CSV files carry a UTF-8 byte-order mark,
so that Excel and WPS open the Chinese headers as they are.
"""

import codecs
import csv
import io
import json
from decimal import Decimal

from openpyxl import Workbook

from security.spreadsheets import csv_row, xlsx_row

from .fields import Field, headers

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
CONTENT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE, "json": JSON_TYPE}


def _csv_value(value):
    if value is True:
        return "是"
    if value is False:
        return "否"
    return "" if value is None else value


def write_csv(out, fields: list[Field], records) -> int:
    out.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(csv_row(headers(fields)))
    count = 0
    for record in records:
        writer.writerow(csv_row([_csv_value(field.value(record)) for field in fields]))
        count += 1
    text.flush()
    text.detach()  # leave `out` open for the caller
    return count


def write_xlsx(out, fields: list[Field], records, title: str = "数据") -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(xlsx_row(sheet, headers(fields)))
    count = 0
    for record in records:
        sheet.append(xlsx_row(sheet, [field.value(record) for field in fields]))
        count += 1
    book.save(out)
    return count


def json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def write_json(out, fields: list[Field], records, meta: dict | None = None) -> int:
    """{"meta": {...}, "fields": [...], "data": [{key: value}, ...]}, written record by record."""
    text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    head = {"meta": meta or {}, "fields": [{"key": f.key, "type": f.kind} for f in fields]}
    text.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "data": [')
    count = 0
    for record in records:
        item = {field.key: field.value(record) for field in fields}
        text.write(
            ("," if count else "") + json.dumps(item, ensure_ascii=False, default=json_default)
        )
        count += 1
    text.write("]}")
    text.flush()
    text.detach()
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}


def render(fmt: str, fields: list[Field], records) -> bytes:
    out = io.BytesIO()
    WRITERS[fmt](out, fields, records)
    return out.getvalue()
