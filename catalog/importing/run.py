"""The import itself: all or nothing, single pass, every problem reported."""

import re
import zipfile
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..checks import bulk as checks_in_bulk
from .cells import COMPUTED_NOTE, FORMULA_MESSAGE, Computed, Formula, RowError, _text
from .files import FileRejected, check_upload, read_rows
from .kinds import BATCH_SIZE, SPECS
from .report import ImportReport


def _header(value) -> str:
    return re.sub(r"\s+", "", _text(value)).rstrip("*＊")


PROGRESS_EVERY = 500  # rows between two progress reports of a background import


def import_rows(
    kind: str, rows: Iterator[tuple], user=None, dry_run=False, progress=None
) -> ImportReport:
    """Import `rows` (header first) all or nothing; `progress(rows_read)` is called now and then."""
    spec = SPECS[kind](user)
    report = ImportReport(kind=kind, dry_run=dry_run)
    if not spec.user_may_import(user):
        report.add(0, "", _("您的账号不能导入%s") % spec.label)
        return report
    try:
        header = next(rows)
    except StopIteration:
        report.add(1, "", _("文件中没有数据"))
        return report
    headers = [_header(cell) for cell in header]
    positions = []
    for column in spec.columns:
        if column.header in headers:
            positions.append((column, headers.index(column.header)))
        elif column.required and not (
            spec.restricted() and column.header == getattr(spec, "owner_header", None)
        ):
            report.add(1, column.header, _("缺少必需的列"))
    known = {column.header for column in spec.columns}
    for name in headers:
        if name and name not in known:
            report.add(1, name, _("无法识别的列（请使用下载的模板）"))
    if report.problems:
        return report

    spec.load_lookups()
    batch: list = []
    with transaction.atomic(), checks_in_bulk():
        for row_number, cells in enumerate(rows, start=2):
            if not any(cell not in (None, "") and _text(cell) for cell in cells):
                continue
            report.rows += 1
            if progress is not None and row_number % PROGRESS_EVERY == 0:
                progress(row_number)
            values = {}
            row_ok = True
            for column, position in positions:
                raw = cells[position] if position < len(cells) else None
                if isinstance(raw, Formula):
                    report.add(row_number, column.header, FORMULA_MESSAGE % {"formula": raw})
                    row_ok = False
                    continue
                if isinstance(raw, Computed):
                    report.note(
                        row_number, column.header, COMPUTED_NOTE % {"formula": raw.formula, "value": raw.value}
                    )
                    raw = raw.value
                try:
                    value = column.parse(raw, spec.lookups)
                except RowError as error:
                    report.add(row_number, column.header, error)
                    row_ok = False
                    continue
                if column.required and value in (None, ""):
                    if column.header == getattr(spec, "owner_header", None) and spec.restricted():
                        continue  # an organization's own account: defaults to itself
                    report.add(row_number, column.header, _("必填"))
                    row_ok = False
                    continue
                values[column.name] = value
            if not row_ok:
                continue
            instance = spec.build(values, row_number, report)
            if instance is None or report.problems or dry_run:
                continue  # keep validating, stop writing: the transaction is rolled back
            batch.append(instance)
            if len(batch) >= BATCH_SIZE:
                spec.write(batch)
                report.created += len(batch)
                batch = []
        if report.problems or report.more_problems or dry_run:
            transaction.set_rollback(True)
            report.created = 0
            return report
        if batch:
            spec.write(batch)
            report.created += len(batch)
    return report


def import_file(
    kind: str, fileobj, filename: str, user=None, dry_run=False, progress=None
) -> ImportReport:
    """Check the upload, then import it all or nothing (raises FileRejected for a bad file)."""
    file_format = check_upload(fileobj, filename, size=getattr(fileobj, "size", None))
    try:
        return import_rows(
            kind, read_rows(fileobj, file_format), user=user, dry_run=dry_run, progress=progress
        )
    except DefusedXmlException as error:
        raise FileRejected(_("Excel 文件含有不允许的 XML 内容（实体或外部引用）")) from error
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise FileRejected(_("无法读取文件：%s") % error) from error
