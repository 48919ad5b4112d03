"""The districts and the service-domain taxonomy are present after migrate on an empty database."""

import pytest

from catalog.models import District, ServiceDomain

pytestmark = pytest.mark.django_db


def test_all_sixteen_districts_are_loaded():
    assert District.objects.count() == 16
    assert set(District.objects.values_list("short_name", flat=True)) == {
        "黄浦",
        "徐汇",
        "长宁",
        "静安",
        "普陀",
        "虹口",
        "杨浦",
        "闵行",
        "宝山",
        "嘉定",
        "浦东",
        "金山",
        "松江",
        "青浦",
        "奉贤",
        "崇明",
    }
    assert District.objects.get(code="310115").name == "浦东新区"


def test_taxonomy_has_thirteen_first_level_domains_and_every_second_level_entry():
    first = list(ServiceDomain.objects.first_level().values_list("code", "name"))
    assert len(first) == 13
    assert first[0] == ("1", "扶贫济困")
    assert first[-1] == ("13", "其他")
    assert ServiceDomain.objects.second_level().count() == 63
    per_domain = {d.code: d.children.count() for d in ServiceDomain.objects.first_level()}
    assert per_domain == {
        "1": 4,
        "2": 5,
        "3": 5,
        "4": 5,
        "5": 6,
        "6": 11,
        "7": 5,
        "8": 3,
        "9": 4,
        "10": 7,
        "11": 3,
        "12": 5,
        "13": 0,
    }


@pytest.mark.parametrize(
    "code,name,parent",
    [
        ("6.10", "社区服务设施托管", "社区服务"),
        ("1.3", "大重病患者关爱", "扶贫济困"),
        ("3.4", "慢性精神障碍患者社区康复", "残疾人服务"),
        ("10.4", "购买服务绩效评估", "专业支持"),
        ("12.1", "业委会/物业指导", "专业调处"),
        ("12.2", "老公房加装电梯", "专业调处"),
        ("2.1", "居家照护及社区托养", "养老服务"),
    ],
)
def test_exact_taxonomy_entries(code, name, parent):
    domain = ServiceDomain.objects.get(code=code)
    assert domain.name == name
    assert domain.parent.name == parent
    assert domain.level == 2


def test_codes_sort_numerically_so_6_10_follows_6_9():
    codes = list(ServiceDomain.objects.filter(parent__code="6").values_list("code", flat=True))
    assert codes[-3:] == ["6.9", "6.10", "6.11"]


def test_classifiable_domains_are_second_level_entries_and_childless_first_level_ones():
    classifiable = ServiceDomain.objects.classifiable()
    assert classifiable.count() == 64
    assert classifiable.filter(code="13").exists()
    assert not classifiable.filter(code="6").exists()


def test_a_domain_added_by_a_city_admin_sorts_by_its_numeric_code():
    parent = ServiceDomain.objects.get(code="6")
    added = ServiceDomain(code="6.12", name="社区睦邻服务", parent=parent)
    added.full_clean()
    added.save()
    assert (added.major, added.minor) == (6, 12)
    codes = list(ServiceDomain.objects.filter(parent=parent).values_list("code", flat=True))
    assert codes[-2:] == ["6.11", "6.12"]


@pytest.mark.parametrize(
    "code,parent_code,message",
    [("6.x", "6", "序号格式"), ("7.9", "6", "须以其一级目录"), ("14", "6", "一级目录不能")],
)
def test_a_domain_code_must_fit_its_parent(code, parent_code, message):
    from django.core.exceptions import ValidationError

    domain = ServiceDomain(
        code=code, name="测试", parent=ServiceDomain.objects.get(code=parent_code)
    )
    with pytest.raises(ValidationError) as error:
        domain.full_clean()
    assert message in str(error.value)
