"""Uploaded files that cannot run in a reviewer's browser: verify, normalise, serve.

The class of hole this closes (issue 11, hole 5): a file whose bytes start like a PDF
but whose name ends in `.html` was stored under its own extension and served inline as
`text/html` from the admin's origin. Here the *content* decides everything:

- `check_upload` reads the magic numbers (`filetype`, the library Wagtail uses), opens
  images with Pillow and PDFs with pypdf, and refuses PDFs that carry JavaScript,
  embedded files or launch actions (a stamped scan has none of them);
- `normalise` re-encodes images with Pillow (EXIF, GPS, comments and anything appended
  after the image data are dropped) and returns the extension of the verified type;
- `VerifiedFileField` (a FileField) does that on save, so the stored name ends in `.pdf`,
  `.jpg` or `.png` whatever the uploaded name was, on every path that saves the model;
- `serve_upload` answers with the type read from the stored bytes again (so files stored
  before this change are safe too), inline only for an image or a PDF, otherwise as an
  attachment, always with `nosniff` and a sandboxing Content-Security-Policy.
"""

import io
import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
INLINE_TYPES = set(SCAN_TYPES)
MAX_PIXELS = 40_000_000  # a 600 dpi A3 scan is ~70 MP at most; phones give 12-50 MP
MAX_PDF_OBJECTS = 200_000
# Names that make a PDF act rather than show (PDF 32000-1:2008 §12.6, §7.11.4, §12.7).
ACTIVE_PDF_NAMES = {
    "/JS",
    "/JavaScript",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/Launch",
    "/RichMedia",
    "/XFA",
    "/GoToE",
    "/ImportData",
    "/SubmitForm",
}
SANDBOX_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"


def sniff(upload) -> str:
    """The MIME type the file's own first bytes say, '' when unknown."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(262)
    upload.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_upload(upload, *, max_bytes: int, allowed=SCAN_TYPES) -> str:
    """Refuse anything but a genuine, inert file of an `allowed` type; return its MIME type."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("文件不能超过 %(mb)d MB"), code="too_large", params={"mb": max_bytes // 2**20}
        )
    if size == 0:
        raise ValidationError(_("文件为空"), code="empty")
    mime = sniff(upload)
    if mime not in allowed:
        raise ValidationError(
            _("只接受盖章后的扫描件或照片（JPG、PNG 或 PDF），该文件的内容不是这几种格式"),
            code="bad_type",
        )
    if mime.startswith("image/"):
        _open_image(_read_all(upload))
    else:
        check_pdf(_read_all(upload))
    return mime


def _open_image(data: bytes):

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("图片尺寸过大（超过 4000 万像素），请缩小后上传"), code="big"
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken image
        raise ValidationError(_("图片已损坏，无法打开"), code="broken") from error
    return image


def check_pdf(data: bytes) -> None:
    """A PDF that pypdf can read, with no script, embedded file or launch action anywhere."""

    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("PDF 文件不完整"), code="broken")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("不接受加密的 PDF 文件，请取消密码后上传"), code="encrypted")
        pending = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        visited = 0
        while pending:
            node = pending.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise ValidationError(_("PDF 文件结构过于复杂"), code="complex")
            if isinstance(node, DictionaryObject):
                for name, value in node.items():
                    if name in ACTIVE_PDF_NAMES or (
                        isinstance(value, NameObject) and value in ACTIVE_PDF_NAMES
                    ):
                        raise ValidationError(
                            _(
                                "PDF 文件含有脚本、附件或自动执行的动作，请重新扫描或另存为普通 PDF 后上传"
                            ),
                            code="active",
                        )
                    if name != "/Parent":
                        pending.append(value)
            elif isinstance(node, ArrayObject):
                pending.extend(node)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds for a damaged file
        raise ValidationError(_("PDF 文件已损坏，无法打开"), code="broken") from error


def normalise(upload) -> tuple[bytes, str]:
    """The bytes to store and their extension: images re-encoded without metadata."""
    mime = sniff(upload)
    if mime not in SCAN_TYPES:
        raise ValidationError(_("文件类型无法识别"), code="bad_type")
    data = _read_all(upload)
    if not mime.startswith("image/"):
        return data, SCAN_TYPES[mime]

    image = _open_image(data)
    # Turn the picture as its EXIF orientation says, then write it without any EXIF.
    image = ImageOps.exif_transpose(image)
    keep = ("RGB", "L") if mime == "image/jpeg" else ("RGB", "RGBA", "L", "LA")
    if image.mode not in keep:
        image = image.convert("RGB" if mime == "image/jpeg" else "RGBA")
    # Only the pixels go into the new file: no EXIF, ICC profile, comment or text chunk.
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if mime == "image/jpeg":
        pixels.save(out, format="JPEG", quality=90, optimize=True)
    else:
        pixels.save(out, format="PNG", optimize=True)
    return out.getvalue(), SCAN_TYPES[mime]


def content_named_path(folder: str, filename: str) -> str:
    """An unguessable stored name under `folder`, with the extension `normalise` chose."""
    suffix = PurePath(filename).suffix.lower()
    if suffix.lstrip(".") not in set(SCAN_TYPES.values()):
        suffix = ".bin"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class VerifiedFileField(models.FileField):
    """A FileField that stores the verified, normalised bytes under a content-derived name.

    `deconstruct` reports a plain FileField: the difference is behaviour on save only,
    not the column, so no migration is needed when a model switches to it.
    """

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            data, extension = normalise(file.file)
            file.save(f"upload.{extension}", ContentFile(data), save=False)
        return file

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


def serve_upload(field_file) -> FileResponse:
    """The stored file, typed by its bytes; inline only as an image or a PDF."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    mime = sniff(handle)
    inline = mime in INLINE_TYPES
    stem = PurePath(field_file.name).stem
    name = f"{stem}.{SCAN_TYPES[mime]}" if inline else f"{stem}.bin"
    response = FileResponse(
        handle,
        filename=name,
        as_attachment=not inline,
        content_type=mime if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
