"""Validators for identifiers that have a published check-digit algorithm."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

# Civil-affairs registrations (GB 32100-2015, registration authority code 5):
# 51 社会团体, 52 民办非企业单位/社会服务机构, 53 基金会.
CIVIL_AFFAIRS_KINDS = {"51": _("社会团体"), "52": _("社会服务机构"), "53": _("基金会")}


def normalize_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """A unified social credit code with a valid GB 32100-2015 check character."""
    try:
        uscc.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位"), code="length") from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="checksum") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(_("统一社会信用代码格式不正确"), code="format") from None


def validate_social_organization_code(value: str) -> None:
    """A valid credit code issued by a civil-affairs registration authority (51/52/53)."""
    validate_credit_code(value)
    if value[:2] not in CIVIL_AFFAIRS_KINDS:
        raise ValidationError(
            _("社会组织的统一社会信用代码应以51、52或53开头（民政部门登记）"),
            code="not_civil_affairs",
        )
