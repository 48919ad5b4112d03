"""Unified social credit codes are checked by their GB 32100-2015 check character."""

import pytest
from django.core.exceptions import ValidationError

from catalog.factories import credit_code
from catalog.validators import validate_credit_code, validate_social_organization_code


def test_a_generated_code_with_the_right_check_character_is_valid():
    code = credit_code("52", "310101", 1)
    validate_social_organization_code(code)


def test_a_wrong_check_character_is_refused_with_a_chinese_message():
    code = credit_code("52", "310101", 1)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        validate_credit_code(wrong)
    assert "校验位" in error.value.messages[0]


def test_a_short_code_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("52310101")
    assert "18位" in error.value.messages[0]


def test_a_valid_code_not_issued_by_civil_affairs_is_refused_for_a_social_organization():
    company = credit_code("91", "310101", 2)  # 9x: market regulator, a company
    validate_credit_code(company)
    with pytest.raises(ValidationError) as error:
        validate_social_organization_code(company)
    assert "51、52或53" in error.value.messages[0]
