"""Bulk import (批量导入) and export of providers, purchasers, demand and supply listings.

One column table per kind (`SPECS`) drives everything: the downloadable
template, the import and the `.xlsx` export, so the three always agree and an
export can be re-imported elsewhere.

Import is all-or-nothing and single-pass: rows are streamed (openpyxl
read-only, or csv in UTF-8 / GB18030), validated against lookups loaded once,
and written in batches inside one transaction; the first problem stops the
writing but not the validation, so the report lists every problem (row,
column, Chinese message) and the transaction is rolled back.

Where things live:
- `cells`: one cell's parser and formatter, and `Column`;
- `kinds`: the column table of each kind (`SPECS`), who may import it, how it is written;
- `files`: which uploads are accepted, and reading their rows;
- `run`: the import itself (`import_rows`, `import_file`);
- `workbooks`: templates, the export and the problem report;
- `report`: `ImportReport` and its problems.
"""

from .files import FileRejected, check_upload, count_rows, max_rows, max_upload_bytes, read_rows
from .kinds import SPECS, Spec
from .report import ImportReport, Problem
from .run import import_file, import_rows
from .workbooks import export_xlsx, problems_xlsx, template_csv, template_xlsx

__all__ = [
    "SPECS",
    "FileRejected",
    "ImportReport",
    "Problem",
    "Spec",
    "check_upload",
    "count_rows",
    "export_xlsx",
    "import_file",
    "import_rows",
    "max_rows",
    "max_upload_bytes",
    "problems_xlsx",
    "read_rows",
    "template_csv",
    "template_xlsx",
]
