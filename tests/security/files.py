"""Test files: genuine scans, and the hostile ones an attacker would upload."""

import io


def pdf_bytes(*, javascript: str = "", attachment: bytes = b"", open_action_js: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    if attachment:
        writer.add_attachment("payload.html", attachment)
    if open_action_js:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(open_action_js),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def polyglot_html_pdf() -> bytes:
    """A file that starts as a PDF and is an HTML page with a script too (hole 5)."""
    return (
        b"%PDF-1.4\n<html><body><script>fetch('/admin/users/')"
        b".then(r=>r.text()).then(t=>alert(t))</script></body></html>\n%%EOF\n"
    )


def jpeg_with_exif() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (32, 16), "red")
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"camera owner: 13912345678")
    return out.getvalue() + b"<script>alert(1)</script>"
