"""Personal data in a listing's public text: hits and near-misses."""

import pytest

from moderation.rules.privacy import personal_data

from .helpers import supply

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"  # GB 11643 example number, valid check digit
WRONG_CHECK = "110105194912310021"


def test_a_valid_id_card_number_in_the_summary_blocks_publishing():
    findings = personal_data(supply(summary=f"服务对象张某，身份证{VALID_ID}，独居。"))
    assert [f.rule for f in findings] == ["privacy.id_card"]
    assert findings[0].blocks
    assert VALID_ID not in findings[0].excerpt  # the evidence is masked


def test_an_eighteen_digit_number_with_a_wrong_check_digit_is_not_an_id_card():
    assert personal_data(supply(summary=f"合同编号{WRONG_CHECK}")) == []


def test_a_mobile_number_in_the_text_is_a_hit_in_any_usual_spelling():
    for text in ("请联系13912345678", "电话：139-1234-5678", "+86 139 1234 5678"):
        findings = personal_data(supply(summary=text))
        assert [f.rule for f in findings] == ["privacy.mobile"], text
        assert findings[0].blocks


def test_a_mobile_number_in_the_private_contact_field_is_fine():
    assert personal_data(supply(phone="13912345678")) == []


def test_an_office_landline_and_the_hotline_are_not_mobile_numbers():
    assert personal_data(supply(summary="咨询电话021-63211234，或拨打962200。")) == []


def test_a_longer_digit_run_is_not_a_mobile_number():
    assert personal_data(supply(summary="项目编号213912345678901")) == []


def test_a_personal_webmail_address_in_the_text_is_a_hit():
    findings = personal_data(supply(results="报名请发邮件至 wangxiaoming@163.com"))
    assert [f.rule for f in findings] == ["privacy.email"]
    assert findings[0].field_name == "results"


def test_a_qq_number_address_on_any_domain_is_personal():
    assert [f.rule for f in personal_data(supply(summary="联系 12345678@foxmail.com"))] == [
        "privacy.email"
    ]


def test_an_organizations_own_domain_address_is_fine():
    assert personal_data(supply(summary="来函请发送至 office@shsw.org.cn")) == []
