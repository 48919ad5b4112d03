"""ID-card and mobile numbers never reach visitors unmasked (security.masking).

Numbers are seeded into public free text past the publish checks (as an import of past
years or an old record could): a listing's title and summary, an organization's name, a
notice's summary. Every public road is read as a visitor: board, detail and organization
pages, the notice page, the API, search, feeds and the open-data export. The other side:
signed-in organizations still read the mobile numbers they are shown on purpose (never an
ID number), landlines and numbers that are not valid ID numbers stay, and the admin shows
the stored text for editing.
"""

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory
from notices.models import PolicyIndexPage
from security.masking import mask_text
from tests.notices.conftest import make_notice

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # a valid GB 11643 number (the standard's example)
MOBILE = "13812345678"
NOT_AN_ID = "110105194912310021"  # 18 digits, wrong check digit: an order number
LANDLINE = "021-63210000"
TEXT = f"身份证{ID_NUMBER}，手机 {MOBILE}，订单{NOT_AN_ID}，座机{LANDLINE}"


@pytest.fixture
def seeded(db):
    provider = ProviderFactory(name=f"测试中心{MOBILE}")
    listing = SupplyListingFactory(
        provider=provider, title=f"助餐{MOBILE}", summary=TEXT, results=TEXT
    )
    notice = make_notice(PolicyIndexPage.objects.get(), title="掩码通知", summary=TEXT)
    return {"listing": listing, "provider": provider, "notice": notice}


def public_answers(client, seeded):
    listing, notice = seeded["listing"], seeded["notice"]
    urls = [
        "/supply/",
        f"/supply/{listing.pk}/",
        f"/supply/provider/{listing.provider_id}/",
        notice.url,
        "/api/supply-listings/",
        f"/api/supply-listings/{listing.pk}/",
        f"/api/v2/pages/{notice.pk}/",
        "/search/?q=助餐",
        "/api/search/?q=助餐",
        "/feeds/supply/",
        "/feeds/notices/",
        "/export/supply.csv",
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers[url] = body.decode("utf-8-sig")
    return answers


def test_visitors_never_read_an_id_or_mobile_number_unmasked(client, seeded):
    answers = public_answers(client, seeded)
    for url, text in answers.items():
        assert ID_NUMBER not in text, url
        assert MOBILE not in text, url
    # The text is there, masked (not dropped): the detail page and the API show it.
    for url in (
        f"/supply/{seeded['listing'].pk}/",
        f"/api/supply-listings/{seeded['listing'].pk}/",
    ):
        assert "110***********002X" in answers[url], url
        assert "138****5678" in answers[url], url
        # What is not personal data stays as it was.
        assert NOT_AN_ID in answers[url] and LANDLINE in answers[url], url


def test_signed_in_organizations_keep_mobiles_but_never_id_numbers(seeded, user_with_role, login):
    client = login(user_with_role(Role.PURCHASER))
    page = client.get(f"/supply/{seeded['listing'].pk}/").content.decode()
    assert MOBILE in page  # the contact phone they are shown on purpose
    assert ID_NUMBER not in page and "110***********002X" in page


def test_the_admin_shows_the_stored_text_for_editing(seeded, user_with_role, login):
    client = login(user_with_role(Role.CITY_ADMIN))
    page = client.get(
        f"/admin/snippets/catalog/supplylisting/edit/{seeded['listing'].pk}/"
    ).content.decode()
    assert ID_NUMBER in page


def test_mask_text_masks_numbers_in_their_usual_spellings():
    assert mask_text("+86 138-1234-5678") == "138****5678"
    assert mask_text("电话13812345678。") == "电话138****5678。"
    assert mask_text("12345678901234") == "12345678901234"  # too long for a mobile
    assert mask_text(f"x{ID_NUMBER.lower()}y") == f"x{ID_NUMBER.lower()}y"  # inside a word
    assert mask_text(MOBILE, mobiles=False) == MOBILE
