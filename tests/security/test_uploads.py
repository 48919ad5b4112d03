"""Hole 5: uploads are typed by their content, stored under that type, served so they cannot run."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.factories import ApplicationFactory, RoundFactory, SupplyListingFactory, png_bytes
from nominations.models import Application, Status
from security import files
from tests.security.files import jpeg_with_exif, pdf_bytes, polyglot_html_pdf

pytestmark = pytest.mark.django_db


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def test_a_plain_pdf_and_images_pass_the_check():
    assert files.check_upload(upload("a.pdf", pdf_bytes()), max_bytes=2**20) == "application/pdf"
    assert files.check_upload(upload("a.png", png_bytes()), max_bytes=2**20) == "image/png"
    assert files.check_upload(upload("a.jpg", jpeg_with_exif()), max_bytes=2**20) == "image/jpeg"


@pytest.mark.parametrize(
    "content, code",
    [
        (pdf_bytes(javascript="app.alert('x')"), "active"),
        (pdf_bytes(attachment=b"<script>alert(1)</script>"), "active"),
        (pdf_bytes(open_action_js="app.launchURL('http://evil')"), "active"),
        (polyglot_html_pdf(), "broken"),
        (b"<html><script>alert(1)</script></html>", "bad_type"),
        (b"", "empty"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_chinese_message(content, code):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload("x.pdf", content), max_bytes=2**20)
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value.messages[0]))


def test_an_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload("a.png", png_bytes()), max_bytes=10)
    assert refused.value.code == "too_large"


def test_images_are_re_encoded_without_metadata_or_trailing_bytes():
    from PIL import Image

    data, extension = files.normalise(upload("photo.html", jpeg_with_exif()))
    assert extension == "jpg"
    assert b"<script>" not in data and b"13912345678" not in data and b"secret" not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert image.size == (16, 32)  # the EXIF orientation was applied before it was dropped


def _application_post(listing, scan):
    return {
        "listing": listing.pk,
        "purchaser_name": "",
        "total_amount": "300000",
        "implemented_amount": "200000",
        "government_amount": "150000",
        "period_start": "2022-01-01",
        "period_end": "2024-06-30",
        "two_years_or_more": "on",
        "results": "服务居民 3000 人次",
        "recommendation_form": scan,
    }


@pytest.fixture
def provider_client(user_with_role, login):
    from accounts.roles import Role
    from catalog.factories import ProviderFactory

    RoundFactory(year=2031)
    provider = ProviderFactory()
    return provider, login(user_with_role(Role.PROVIDER, provider=provider))


def test_the_html_polyglot_of_the_report_is_refused_in_the_admin_form(provider_client):
    provider, client = provider_client
    listing = SupplyListingFactory(provider=provider)
    scan = upload("x.html", polyglot_html_pdf(), "text/html")
    response = client.post(reverse("nomination_applications:add"), _application_post(listing, scan))
    assert response.status_code == 200
    assert "PDF 文件" in response.content.decode()
    assert not Application.objects.exists()


def test_a_genuine_scan_named_html_is_stored_and_served_as_what_it_is(provider_client):
    provider, client = provider_client
    listing = SupplyListingFactory(provider=provider)
    scan = upload("x.html", jpeg_with_exif(), "text/html")
    response = client.post(reverse("nomination_applications:add"), _application_post(listing, scan))
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.recommendation_form.name.endswith(".jpg")
    served = client.get(reverse("nomination_applications:form", args=[application.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert served["Content-Disposition"].startswith("inline")
    body = b"".join(served.streaming_content)
    assert b"<script>" not in body and b"secret description" not in body


@pytest.mark.parametrize(
    "content, content_type, disposition",
    [
        (polyglot_html_pdf(), "application/pdf", "inline"),
        (b"<html><script>alert(1)</script></html>", "application/octet-stream", "attachment"),
    ],
)
def test_a_file_stored_before_the_fix_under_an_html_name_is_never_served_as_html(
    provider_client, content, content_type, disposition
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    provider, client = provider_client
    application = ApplicationFactory(provider=provider, status=Status.SAVED)
    name = default_storage.save("nominations/forms/legacy.html", ContentFile(content))
    Application.objects.filter(pk=application.pk).update(recommendation_form=name)
    served = client.get(reverse("nomination_applications:form", args=[application.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"].startswith(disposition)
    assert ".html" not in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
