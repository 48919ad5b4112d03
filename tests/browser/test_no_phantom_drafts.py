"""An abandoned add form leaves nothing behind: no autosaved draft of a listing nobody saved."""

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory, make_user
from catalog.models import SupplyListing
from tests.browser.conftest import login_in_browser

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-Word-123"  # catalog.factories.UserFactory's


def test_a_provider_types_into_the_add_form_and_leaves_without_saving(browser_page, screenshot):
    page = browser_page
    provider = ProviderFactory(name="上海黄浦草稿测试社工服务社")
    user = make_user(Role.PROVIDER, provider=provider)
    login_in_browser(page, user.username, PASSWORD)
    page.goto("/admin/snippets/catalog/supplylisting/add/")
    form = page.locator("form[data-controller~='w-unsaved']")
    assert "w-autosave" not in form.get_attribute("data-controller")
    page.fill("#id_title", "没有保存的社区助餐项目")
    page.fill("#id_summary", "为高龄独居老人提供助餐服务。")
    page.wait_for_timeout(2500)  # several of Wagtail's autosave intervals
    screenshot(page, "abandoned-add-form")
    page.once("dialog", lambda dialog: dialog.accept())  # "leave without saving?"
    page.goto("/admin/")
    assert not SupplyListing.objects.filter(provider=provider).exists()
    # Editing a saved listing still autosaves its draft.
    listing = SupplyListingFactory(provider=provider, title="已保存的项目")
    page.goto(f"/admin/snippets/catalog/supplylisting/edit/{listing.pk}/")
    edit_form = page.locator("form[data-controller~='w-unsaved']")
    assert "w-autosave" in edit_form.get_attribute("data-controller")
