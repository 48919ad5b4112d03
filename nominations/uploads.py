"""Checks for uploaded stamped scans (recommendation forms, summary tables): content, size, type.

The file's own bytes decide its type, never the name or the browser's claim
(`security.files`: magic numbers, Pillow for images, pypdf for PDFs, which are
refused when they carry scripts or embedded files). The stored name is unguessable
and its extension is the verified type's; images are re-encoded without metadata
on save (`security.files.VerifiedFileField`).
"""

from security.files import check_upload, content_named_path

MAX_SCAN_BYTES = 10 * 1024 * 1024


def validate_stamped_scan(upload) -> None:
    check_upload(upload, max_bytes=MAX_SCAN_BYTES)


# The stamped forms carry names and phone numbers: an unguessable file name, and the
# files are served only through permission-checked views, never linked from MEDIA_URL.
def forms_path(instance, filename: str) -> str:
    return content_named_path("nominations/forms", filename)


def summaries_path(instance, filename: str) -> str:
    return content_named_path("nominations/summaries", filename)
