"""The listing forms' choosers in Chromium, on the demo: search the service domains and the providers.

A district bureau adds a supply listing: the 业务领域 chooser finds an entry by its code
(half- or full-width) and by a word of its name and offers only second-level entries
(first-level codes are not valid for a listing). A purchaser records the organization it
chose on its demand listing: the 承接社会组织 chooser, over every organization of the city,
finds one by a part of its name and by its unified social credit code.
"""

import re

import pytest

from catalog.models import Provider, ServiceDomain
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

ADD_FORM = "/admin/snippets/catalog/supplylisting/add/"
DEMAND_FORM = "/admin/snippets/catalog/demandlisting/add/"
RESULTS = ".modal table tbody tr"


def open_chooser(page, field: str) -> None:
    button = page.locator(f"#id_{field}-chooser .unchosen [data-chooser-action-choose]")
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_selector(".modal input[name=q]")


def search(page, query: str) -> list[str]:
    """Type into the modal's search box as a person does and read the rows that come back."""
    box = page.locator(".modal input[name=q]")
    with page.expect_response(lambda r: "/choose/" in r.url and "q=" in r.url):
        box.fill(query)
    page.wait_for_timeout(300)  # the results are swapped in after the response
    return [re.sub(r"\s+", " ", text).strip() for text in page.locator(RESULTS).all_inner_texts()]


def close_modal(page) -> None:
    page.keyboard.press("Escape")
    page.wait_for_selector(".modal input[name=q]", state="detached")


def test_the_domain_chooser_finds_by_code_and_name_and_offers_second_level_entries_only(demo_page, screenshot):
    page = demo_page
    login_demo(page, "huangpu_admin")
    page.goto(ADD_FORM)
    open_chooser(page, "domain")
    first_page = [re.sub(r"\s+", " ", t).strip() for t in page.locator(RESULTS).all_inner_texts()]
    first_levels = {f"{d.code} {d.name}" for d in ServiceDomain.objects.filter(parent__isnull=True)}
    assert first_page and not [row for row in first_page if row.split(" 1.")[0] in first_levels]
    assert all(re.match(r"\d+\.\d+ ", row) for row in first_page), first_page
    for query in ("6.2", "６．２", "心理"):
        rows = search(page, query)
        assert rows and all(row.startswith("6.2 心理咨询") for row in rows), (query, rows)
    # A first-level entry's name finds its second-level entries, never the first-level one.
    first_level = ServiceDomain.objects.get(parent__isnull=True, code="2")
    rows = search(page, first_level.name)
    assert rows and all(re.match(r"2\.\d+ ", row) for row in rows), rows
    screenshot(page, "domain-chooser-search")
    search(page, "6.2")
    page.locator(f"{RESULTS} a").first.click()
    page.wait_for_selector(".modal", state="detached")
    assert page.locator("#id_domain-chooser [data-chooser-title]").inner_text().startswith("6.2")
    assert page.locator("#id_domain").input_value() == str(ServiceDomain.objects.get(code="6.2").pk)


def test_the_provider_chooser_finds_by_name_and_by_credit_code(demo_page, screenshot):
    page = demo_page
    login_demo(page, "purchaser_demo")
    ordinary = Provider.objects.exclude(name__startswith="【").order_by("pk")
    wanted = ordinary.first()
    page.goto(DEMAND_FORM)
    open_chooser(page, "chosen_provider")
    word = wanted.name[2:6]  # a part of the name, not its start
    rows = search(page, word)
    assert any(wanted.name in row for row in rows), (word, rows)
    assert all(word in row for row in rows), rows
    rows = search(page, wanted.credit_code[-8:].lower())
    assert len(rows) == 1 and wanted.name in rows[0] and wanted.credit_code in rows[0], rows
    full_width = wanted.credit_code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert search(page, full_width) == rows
    screenshot(page, "provider-chooser-search")
    assert not search(page, "没有这个社会组织")
    search(page, wanted.credit_code)
    page.locator(f"{RESULTS} a").first.click()
    page.wait_for_selector(".modal", state="detached")
    assert page.locator("#id_chosen_provider").input_value() == str(wanted.pk)
