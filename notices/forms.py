"""The document upload form of the admin (attachments, downloads): content must match the name.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); this adds the content check: the file's own
bytes (read by `filetype`, the library Wagtail uses for images) must be of the
kind its extension claims, so a renamed executable is not offered to the public
as a form; a PDF must carry no script or embedded file (security.files.check_pdf).
Installed with WAGTAILDOCS_DOCUMENT_FORM_BASE.
"""

import os

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from security.files import check_pdf

# extension → extensions `filetype` may report for a genuine file of that kind
# (Office Open XML and OpenDocument files are zip archives; old Office files share
# the OLE container).
CONTENT_KINDS = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "odt": {"odt", "zip"},
    "zip": {"zip"},
    "doc": {"doc", "xls", "ppt", "msi"},
    "xls": {"doc", "xls", "ppt", "msi"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
}
TEXT_EXTENSIONS = {"txt", "csv"}


def check_document_content(upload) -> None:
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        raise ValidationError(_("文件为空"), code="empty")
    if extension in TEXT_EXTENSIONS:
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
                return
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("文本文件应为 UTF-8 或 GB18030 编码的纯文本"), code="bad_type")
    kind = filetype.guess(head)
    if extension in CONTENT_KINDS and (
        kind is None or kind.extension not in CONTENT_KINDS[extension]
    ):
        raise ValidationError(
            _("文件内容与扩展名 .%(extension)s 不符，请上传真实的 %(upper)s 文件"),
            code="bad_type",
            params={"extension": extension, "upper": extension.upper()},
        )
    if extension == "pdf":
        # The public opens these in its browser's PDF viewer: no scripts, no embedded files.
        upload.seek(0)
        check_pdf(upload.read())
        upload.seek(0)


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_document_content(upload)
        return upload
