"""Build .xlsx and .csv uploads in memory for the import tests."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_saved_results(content: bytes, results: dict[str, object]) -> bytes:
    """An .xlsx as Excel saves it: each formula with its computed result (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                for formula, result in results.items():
                    text = text.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{result}</v>")
                data = text.encode()
            target.writestr(item, data)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def table(headers: list[str], *records: dict) -> list[list]:
    return [headers, *[[record.get(h, "") for h in headers] for record in records]]
