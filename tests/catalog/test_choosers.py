"""The listing forms' choosers: second-level domains only, searchable; providers by name or credit code."""

import json

import pytest
from django.urls import reverse

from accounts.roles import Role
from catalog.factories import ProviderFactory
from catalog.models import Provider, ServiceDomain

pytestmark = pytest.mark.django_db


def choose(client, model, **params):
    url = reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_domain_chooser_offers_second_level_entries_only(user_with_role, login):
    client = login(user_with_role(Role.PROVIDER))
    html = choose(client, ServiceDomain)
    assert "6.2 心理咨询" in html or "1.1 困难群体生活救助" in html
    for first in ServiceDomain.objects.filter(parent__isnull=True):
        assert f">{first.code} {first.name}</a>" not in html


@pytest.mark.parametrize("query", ["6.2", "心理", "６．２"])
def test_the_domain_chooser_finds_an_entry_by_code_or_name(user_with_role, login, query):
    client = login(user_with_role(Role.PROVIDER))
    html = choose(client, ServiceDomain, q=query)
    assert "6.2 心理咨询" in html and "1.1 困难群体生活救助" not in html


def test_the_provider_chooser_finds_by_name_and_by_full_width_credit_code(user_with_role, login):
    wanted = ProviderFactory(name="上海浦东乐龄社区服务中心")
    other = ProviderFactory(name="上海静安青少年事务社")
    client = login(user_with_role(Role.PURCHASER))
    by_name = choose(client, Provider, q="乐龄")
    assert wanted.name in by_name and other.name not in by_name
    full_width = wanted.credit_code[-8:].translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    by_code = choose(client, Provider, q=full_width)
    assert wanted.name in by_code and other.name not in by_code
    assert wanted.credit_code in by_code  # shown as a column, to tell namesakes apart


def test_the_chooser_modal_has_a_chinese_search_box(user_with_role, login):
    client = login(user_with_role(Role.PURCHASER))
    url = reverse(Provider.snippet_viewset.chooser_viewset.get_url_name("choose"))
    data = json.loads(client.get(url).content)
    assert "输入社会组织名称或统一社会信用代码" in data["html"]
