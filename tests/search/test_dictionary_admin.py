"""The lay-term dictionary: shipped as data, edited by city admins in the admin, checked."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from search import synonyms
from search.models import Synonym

pytestmark = pytest.mark.django_db


def test_the_shipped_dictionary_is_loaded_and_maps_everyday_words_to_official_terms():
    assert Synonym.objects.count() == len(synonyms.read_data_file()) >= 60
    groups = synonyms.groups()
    assert "老年" in groups["老年人"] and "老年" in groups["长者"]
    assert "儿童" in groups["孩子"] and "残疾" in groups["残障"]
    assert "纠纷" in groups["吵架"] and "纠纷" in groups["矛盾"]


def test_a_city_admin_adds_an_entry_in_the_admin(client, login, user_with_role):
    login(user_with_role(Role.CITY_ADMIN))
    response = client.post(
        reverse("synonyms:add"),
        {"term": "市民驿站", "variants": "便民客栈，家门口服务站", "enabled": "on"},
    )
    assert response.status_code == 302
    entry = Synonym.objects.get(term="市民驿站")
    assert entry.words() == ["市民驿站", "便民客栈", "家门口服务站"]
    assert "市民驿站" in synonyms.groups()["便民客栈"]  # in force at once in this process


def test_bad_entries_get_a_chinese_message_and_change_nothing(client, login, user_with_role):
    login(user_with_role(Role.CITY_ADMIN))
    before = Synonym.objects.count()
    response = client.post(reverse("synonyms:add"), {"term": "老", "variants": "老 人"})
    assert response.status_code == 200
    assert "单个汉字会匹配过多内容" in response.content.decode()
    assert Synonym.objects.count() == before


def test_providers_cannot_edit_the_dictionary(client, login, user_with_role):
    login(user_with_role(Role.PROVIDER))
    assert client.get(reverse("synonyms:index")).status_code in (302, 403)
    response = client.post(reverse("synonyms:add"), {"term": "甲", "variants": "乙丙"})
    assert response.status_code in (302, 403)
    assert not Synonym.objects.filter(term="甲").exists()
