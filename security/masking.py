"""ID-card and mobile numbers masked in every public answer (GB/T 22239 personal data).

The publish checks (moderation.rules.privacy) keep such numbers out of a listing's free
text, but text reaches the public by other roads too: notices, organization records,
imports of past years, search snippets, feeds, open-data exports and the API. So the
last step of every public answer masks them, whatever produced the text:

- an 18-digit number with a valid GB 11643 check digit (a resident ID card) becomes
  `310***********1234`, for every reader of the public site;
- a mainland mobile number becomes `138****5678` for readers who may not see listings'
  private contact details (visitors and experts, accounts.access.can_see_private): a
  signed-in organization still reads the contact phone it is shown on purpose.

Only text answers (HTML, JSON, XML feeds, CSV, plain text) outside the admin and the
document downloads are read; streamed answers (exports) are masked chunk by chunk.
Landline numbers (021-…) are not personal data and are left as they are.
"""

import re

from django.utils.encoding import force_str
from stdnum.cn import ric

from accounts.access import can_see_private

ID_CARD_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
# The one home of both patterns: monitoring's privacy rule (moderation.rules.privacy) finds
# with them what this module masks. A mobile number's three groups are its digits.
MOBILE_RE = re.compile(
    r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])"
)
TEXT_TYPES = (
    "text/html",
    "text/plain",
    "text/csv",
    "text/xml",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")


def mask(value: str) -> str:
    """Keep the first three and the last four characters (a number's usual masking)."""
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:]


def _mask_id(match) -> str:
    number = match.group()
    return mask(number) if ric.is_valid(number) else number


def _mask_mobile(match) -> str:
    digits = re.sub(r"\D", "", match.group())[-11:]
    return mask(digits)


def mask_text(text: str, mobiles: bool = True) -> str:
    text = ID_CARD_RE.sub(_mask_id, text)
    return MOBILE_RE.sub(_mask_mobile, text) if mobiles else text


class MaskPersonalNumbersMiddleware:
    """Masks the numbers in public text answers (see the module docstring). Inside the page
    cache (settings.MIDDLEWARE), so a cached page is masked once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(SKIPPED_PREFIXES):
            return response
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in TEXT_TYPES:
            return response
        mobiles = not can_see_private(getattr(request, "user", None))
        charset = getattr(response, "charset", None) or "utf-8"
        if response.streaming:
            response.streaming_content = (
                mask_text(force_str(chunk, charset), mobiles).encode(charset)
                for chunk in response.streaming_content
            )
            return response
        text = response.content.decode(charset, errors="replace")
        masked = mask_text(text, mobiles)
        if masked != text:
            response.content = masked.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
