"""Reading an upload: the format judged by name and content, then its rows streamed.

Every limit is checked before parsing, so a hostile file costs little: the
declared unpacked size of an .xlsx (a zip bomb declares it, and Python's zipfile
never unpacks more than declared), the number of rows (counted by a cheap pass
over the sheet's XML or the CSV records) and the length of one cell. Entities in
the sheet's XML are refused by defusedxml, which openpyxl uses when installed.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from .cells import Computed, Formula

XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(ValueError):
    """The upload is not a spreadsheet we read; the message is shown to the user."""


def max_upload_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def max_unzipped_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_ROWS", 50_000)


def max_cell_chars() -> int:
    # Excel's own limit of one cell: nothing a user wrote in Excel is longer.
    return getattr(settings, "CATALOG_IMPORT_MAX_CELL_CHARS", 32_767)


MAX_ZIP_MEMBERS = 1000


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
            members = zipfile.ZipFile(fileobj).infolist()
        except zipfile.BadZipFile:
            raise FileRejected(_("Excel 文件已损坏")) from None
        finally:
            fileobj.seek(0)
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise FileRejected(_("文件内容不是 Excel（.xlsx）格式"))
        unzipped = sum(member.file_size for member in members)
        if len(members) > MAX_ZIP_MEMBERS or unzipped > max_unzipped_bytes():
            raise FileRejected(
                _("Excel 文件解压后过大（上限 %(mb)d MB），请删除无关的工作表或拆分后分批导入")
                % {"mb": max_unzipped_bytes() // (1024 * 1024)}
            )
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
    yield from _csv_rows(fileobj)


def _csv_rows(fileobj) -> Iterator[tuple]:
    encoding = _csv_encoding(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    # The csv module's limit is process-wide; ours is the same for every import.
    csv.field_size_limit(max_cell_chars())
    reader = csv.reader(text)
    try:
        for record in reader:
            yield tuple(record)
    except UnicodeDecodeError as error:
        raise FileRejected(_("CSV 文件编码无法识别（请使用 UTF-8 或 GB18030）")) from error
    except csv.Error as error:
        raise FileRejected(
            _("第 %(line)d 行：单元格内容超过 %(n)d 个字符，或引号不成对")
            % {"line": reader.line_num, "n": max_cell_chars()}
        ) from error
    finally:
        text.detach()
        fileobj.seek(0)


def count_rows(fileobj, file_format: str) -> int:
    """The number of rows, header included, by a pass that parses no cell; refuses too many.

    An .xlsx is counted from its first sheet's XML (`<row` elements), a CSV by its
    records; both stop as soon as the count passes `max_rows()`.
    """
    limit = max_rows() + 1  # the header row
    count = 0
    if file_format == "xlsx":
        sheet_name = _first_sheet(fileobj)
        if sheet_name is None:
            return 0
        try:
            with zipfile.ZipFile(fileobj) as archive, archive.open(sheet_name) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 20):
                    data = tail + chunk
                    count += data.count(b"<row ") + data.count(b"<row>")
                    count -= tail.count(b"<row ") + tail.count(b"<row>")
                    tail = chunk[-5:]
                    if count > limit:
                        break
        finally:
            fileobj.seek(0)
    else:
        for _record in _csv_rows(fileobj):
            count += 1
            if count > limit:
                break
    if count > limit:
        raise FileRejected(
            _("文件超过单次导入上限 %(n)d 行，请拆分后分批导入") % {"n": max_rows()}
        )
    return count


def _first_sheet(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    finally:
        fileobj.seek(0)
    return sheets[0] if sheets else None


def _has_formulas(fileobj) -> bool:
    """Whether the first sheet holds formulas (a cheap scan of its XML for <f> elements)."""
    sheet_name = _first_sheet(fileobj)
    if sheet_name is None:
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            with archive.open(sheet_name) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 20):
                    if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                        return True
                    tail = chunk[-4:]
        return False
    finally:
        fileobj.seek(0)


def _cell(value, raw):
    """A cell's saved value, marked when it was a formula (with or without a result)."""
    if not (isinstance(raw, str) and raw.startswith("=")):
        return value
    return Formula(raw) if value is None else Computed(value, raw)


def _xlsx_rows(fileobj) -> Iterator[tuple]:
    """The values Excel computed and saved (a `Computed`); a formula saved without one becomes a `Formula`.

    Excel saves each formula's result beside it, and that is what is imported. A file
    written by a program that does not compute (or never opened in Excel) has formulas
    without results: those cells are refused with a message instead of read as empty.
    """
    try:
        values = load_workbook(fileobj, read_only=True, data_only=True)
    except (DefusedXmlException, ValueError) as error:
        # openpyxl wraps what defusedxml raised in a ValueError of its own.
        if isinstance(error, DefusedXmlException) or isinstance(
            error.__cause__ or error.__context__, DefusedXmlException
        ):
            raise FileRejected(_("Excel 文件含有不允许的 XML 内容（实体或外部引用）")) from error
        raise FileRejected(_("Excel 文件已损坏或内容无效")) from error
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
            yield tuple(_cell(value, raw) for value, raw in zip(row, written, strict=False))
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
