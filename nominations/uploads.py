"""Checks for uploaded stamped scans (recommendation forms, summary tables): content, size, type.

The file's own bytes decide its type (`filetype` reads the magic numbers, the
library Wagtail itself uses), never the name or the browser's claim; images are
also opened with Pillow so a truncated or disguised file is refused.
"""

import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 10 * 1024 * 1024
ALLOWED_MIME_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def validate_stamped_scan(upload) -> None:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_SCAN_BYTES:
        raise ValidationError(_("文件不能超过 10 MB"), code="too_large")
    if size == 0:
        raise ValidationError(_("文件为空"), code="empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_MIME_TYPES:
        raise ValidationError(
            _("只接受盖章后的扫描件或照片（JPG、PNG 或 PDF），该文件的内容不是这几种格式"),
            code="bad_type",
        )
    if mime.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken image
            raise ValidationError(_("图片已损坏，无法打开"), code="broken") from error
        finally:
            upload.seek(0)
    elif b"%%EOF" not in _tail(upload):
        raise ValidationError(_("PDF 文件不完整"), code="broken")
    upload.seek(position)


def _tail(upload, length: int = 2048) -> bytes:
    upload.seek(0, 2)
    end = upload.tell()
    upload.seek(max(0, end - length))
    tail = upload.read()
    upload.seek(0)
    return tail


def _unguessable(folder: str, filename: str) -> str:
    # The stamped forms carry names and phone numbers: an unguessable file name, and the
    # files are served only through permission-checked views, never linked from MEDIA_URL.
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"nominations/{folder}/{uuid.uuid4().hex}{suffix}"


def forms_path(instance, filename: str) -> str:
    return _unguessable("forms", filename)


def summaries_path(instance, filename: str) -> str:
    return _unguessable("summaries", filename)
