"""Cells of an import sheet: the parsers that read one cell (raising `RowError` with the
Chinese message the user sees), the formatters that write one on export, and `Column`, the
row of a kind's column table that pairs them under a stable Chinese header."""

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from ..validators import (
    normalize_credit_code,
    validate_credit_code,
    validate_social_organization_code,
)


class RowError(ValueError):
    """A cell that cannot be read; the message is shown to the user."""


class Formula(str):
    """A formula cell of an .xlsx saved without its computed value (files.read_rows)."""


@dataclass(frozen=True)
class Computed:
    """A formula cell of an .xlsx with the result Excel saved: that result is imported, and said so."""

    value: object
    formula: str


COMPUTED_NOTE = _("是公式（%(formula)s），已按文件中保存的计算结果“%(value)s”导入，请核对")

FORMULA_MESSAGE = _(
    "是公式（%(formula)s），文件中没有保存计算结果：请在 Excel 中打开并保存，"
    "或把该列复制后“选择性粘贴 → 数值”再上传"
)


# --- cell parsers ------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plain(value) -> str:
    """Text with full-width digits, letters and signs made half-width (codes, amounts, dates)."""
    return unicodedata.normalize("NFKC", _text(value)).strip()


def parse_text(max_length: int):
    def parse(value, _lookups):
        text = _text(value)
        if len(text) > max_length:
            raise RowError(_("内容过长（最多%(n)d个字）") % {"n": max_length})
        return text

    return parse


def parse_year(value, _lookups):
    text = _plain(value).removesuffix("年")
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise RowError(_("年度应为四位年份，如 2025"))
    return int(text)


AMOUNT = re.compile(r"(?:人民币)?\s*[¥]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万)?\s*元?")


def parse_amount(value, _lookups):
    """Yuan, as people write them: 380000, 380,000.00, 38万元, ¥12.5万, ￥1,200 元."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = _plain(value).replace(" ", "").replace("，", ",")
        match = AMOUNT.fullmatch(text)
        if not match:
            raise RowError(
                _("金额“%(value)s”无法识别：请填写以元为单位的数字，如 380000，或写作 38万元、¥12.5万")
                % {"value": _text(value)}
            )
        try:
            amount = Decimal(match.group(1).replace(",", ""))
        except InvalidOperation:
            raise RowError(_("金额不是有效数字")) from None
        if match.group(2):
            amount *= 10_000
    if not amount.is_finite():
        raise RowError(_("金额不是有效数字"))
    if amount < 0:
        raise RowError(_("金额不能为负数"))
    if amount >= Decimal("1e12"):
        raise RowError(_("金额过大，请以元为单位填写"))
    return amount.quantize(Decimal("0.01"))


def parse_percent(value, lookups):
    amount = parse_amount(value, lookups)
    if amount is not None and amount > 100:
        raise RowError(_("满意度应在0到100之间"))
    return amount


DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


# Excel stores a date as the number of days since 1899-12-30; a cell formatted as a
# number (or a CSV saved from one) shows that serial, e.g. 45717 for 2025-03-01.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
SERIALS = range(20_000, 80_000)  # 1954 to 2119


def parse_date(value, _lookups):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _plain(value)
    serial = re.fullmatch(r"(\d{5})(?:\.\d+)?", text)
    if serial and int(serial.group(1)) in SERIALS:
        return EXCEL_EPOCH + datetime.timedelta(days=int(serial.group(1)))
    match = DATE_PATTERN.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise RowError(
            _("日期“%(value)s”无法识别：请填写如 2025-01-31 或 2025年1月31日 的日期") % {"value": text}
        )
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise RowError(_("日期不存在")) from None


TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", ""}


def parse_bool(value, _lookups):
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError(_("应填写“是”或“否”"))


def parse_choice(choices):
    by_label = {str(label): value for value, label in choices.choices}
    by_value = {value: value for value in choices.values}

    def parse(value, _lookups):
        text = _text(value)
        if not text:
            return ""
        if text in by_label:
            return by_label[text]
        if text in by_value:
            return by_value[text]
        allowed = "、".join(label for label in by_label if label not in ("", "—"))
        raise RowError(
            _("无法识别“%(value)s”，可填：%(allowed)s") % {"value": text, "allowed": allowed}
        )

    return parse


def parse_lookup(table: str, message):
    def parse(value, lookups):
        text = _text(value)
        if not text:
            return None
        found = lookups[table].get(text) or lookups[table].get(text.split(" ")[0])
        if found is None:
            raise RowError(message % {"value": text})
        return found

    return parse


def parse_provider_ref(value, lookups):
    """A provider by credit code (or full name); a mistyped code gets the code's own message."""
    text = _text(value)
    if not text:
        return None
    code = normalize_credit_code(_plain(text)).upper()
    found = lookups["provider"].get(code) or lookups["provider"].get(text)
    if found is not None:
        return found
    if len(code) == 18:
        try:
            validate_credit_code(code)
        except ValidationError as error:
            raise RowError(" ".join(str(m) for m in error.messages)) from None
    raise RowError(_("未知的社会组织：%(value)s（请核对统一社会信用代码）") % {"value": text})


def parse_email(value, _lookups):
    text = _plain(value)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise RowError(
            _("电子邮箱“%(value)s”格式不正确，应如 name@example.org") % {"value": text}
        ) from None
    return text


def parse_credit_code(value, _lookups):
    code = normalize_credit_code(_plain(value)).upper()
    if not code:
        return ""
    try:
        validate_social_organization_code(code)
    except ValidationError as error:
        raise RowError(" ".join(str(m) for m in error.messages)) from None
    return code


# --- cell formatters (export) ----------------------------------------------------


def fmt_plain(value):
    return "" if value is None else value


def fmt_bool(value):
    return "是" if value else "否"


def fmt_choice(choices):
    labels = {value: str(label) for value, label in choices.choices}
    return lambda value: labels.get(value, "") if value else ""


def fmt_date(value):
    return value.isoformat() if value else ""


def fmt_amount(value):
    return float(value) if value is not None else ""


@dataclass(frozen=True)
class Column:
    header: str  # Chinese, stable: the template's and the export's heading
    name: str  # model attribute (for lookups: the *_id attribute's object name)
    parse: Callable
    fmt: Callable = fmt_plain
    required: bool = False
    note: str = ""
    example: str = ""


def lookup_fmt(attr: str):
    return lambda obj: getattr(obj, attr) if obj is not None else ""
