"""Reading an upload: the format judged by name and content, then its rows streamed."""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from .cells import Formula

XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(ValueError):
    """The upload is not a spreadsheet we read; the message is shown to the user."""


def max_upload_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(fileobj, filename: str, size: int | None = None) -> str:
    """The file's format ("xlsx" or "csv"), judged by name AND content; raises FileRejected."""
    name = filename.lower()
    if size is not None and size > max_upload_bytes():
        raise FileRejected(
            _("文件过大（上限 %(mb)d MB）") % {"mb": max_upload_bytes() // (1024 * 1024)}
        )
    head = fileobj.read(8192)
    fileobj.seek(0)
    if not head:
        raise FileRejected(_("文件为空"))
    if name.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise FileRejected(_("文件内容不是 Excel（.xlsx）格式"))
        try:
            names = zipfile.ZipFile(fileobj).namelist()
        except zipfile.BadZipFile:
            raise FileRejected(_("Excel 文件已损坏")) from None
        finally:
            fileobj.seek(0)
        if "xl/workbook.xml" not in names:
            raise FileRejected(_("文件内容不是 Excel（.xlsx）格式"))
        return "xlsx"
    if name.endswith(".csv"):
        if b"\x00" in head or head.startswith((XLSX_MAGIC, b"\xd0\xcf\x11\xe0", b"%PDF")):
            raise FileRejected(_("文件内容不是 CSV 文本"))
        return "csv"
    if name.endswith(".xls"):
        raise FileRejected(_("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv"))
    raise FileRejected(_("只能上传 .xlsx 或 .csv 文件"))


def _csv_encoding(fileobj) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes so, else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := fileobj.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    fileobj.seek(0)
    return encoding


def read_rows(fileobj, file_format: str) -> Iterator[tuple]:
    """Yield the rows of the first sheet (or of the CSV) as tuples, header first; streamed."""
    if file_format == "xlsx":
        yield from _xlsx_rows(fileobj)
        return
    encoding = _csv_encoding(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        for record in csv.reader(text):
            yield tuple(record)
    except UnicodeDecodeError as error:
        raise FileRejected(_("CSV 文件编码无法识别（请使用 UTF-8 或 GB18030）")) from error
    finally:
        text.detach()


def _has_formulas(fileobj) -> bool:
    """Whether the first sheet holds formulas (a cheap scan of its XML for <f> elements)."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not sheets:
                return False
            with archive.open(sheets[0]) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 20):
                    if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                        return True
                    tail = chunk[-4:]
        return False
    finally:
        fileobj.seek(0)


def _xlsx_rows(fileobj) -> Iterator[tuple]:
    """The values Excel computed and saved; a formula saved without one becomes a `Formula`.

    Excel saves each formula's result beside it, and that is what is imported. A file
    written by a program that does not compute (or never opened in Excel) has formulas
    without results: those cells are refused with a message instead of read as empty.
    """
    values = load_workbook(fileobj, read_only=True, data_only=True)
    formulas = None
    try:
        if _has_formulas(fileobj):
            formulas = load_workbook(io.BytesIO(fileobj.read()), read_only=True, data_only=False)
            fileobj.seek(0)
        value_rows = values.worksheets[0].iter_rows(values_only=True)
        if formulas is None:
            yield from value_rows
            return
        formula_rows = formulas.worksheets[0].iter_rows(values_only=True)
        for row, written in zip(value_rows, formula_rows, strict=False):
            yield tuple(
                Formula(raw) if value is None and isinstance(raw, str) and raw.startswith("=") else value
                for value, raw in zip(row, written, strict=False)
            )
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
