"""Personal data in a listing's public text (`001` art. 16): ID-card numbers, mobile numbers, personal e-mail.

Context: the contact fields (联系人, 联系电话, 电子邮箱) are never shown to visitors,
so a mobile number there is fine; only the free text is checked. An ID-card
number must have a valid birth date and GB 11643 check digit (python-stdnum's
`cn.ric`), so 18-digit order or account numbers are not hits. An e-mail is an
individual's when it is on a public webmail domain or its name is a QQ number;
an organization's own domain is fine.
"""

import re

from django.utils.translation import gettext as _
from stdnum.cn import ric

from catalog.checks import register
from security.masking import ID_CARD_RE, MOBILE_RE

from . import EMAIL, ID_CARD, MOBILE
from ._util import excerpt, finding, texts

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")

WEBMAIL_DOMAINS = {
    "qq.com",
    "vip.qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "vip.163.com",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "139.com",
    "189.cn",
    "aliyun.com",
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "yahoo.com",
}


def _mask(value: str) -> str:
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:]


@register
def personal_data(instance) -> list:
    findings = []
    for name, text in texts(instance):
        for match in ID_CARD_RE.finditer(text):
            if ric.is_valid(match.group()):
                findings.append(
                    finding(
                        ID_CARD,
                        _("正文中含有居民身份证号码，涉及个人隐私，不得公开发布。"),
                        name,
                        excerpt(text, match.start(), match.end(), replacement=_mask(match.group())),
                        blocks=True,
                        key=f"{name}:{match.group()[-6:]}",
                    )
                )
        for match in MOBILE_RE.finditer(text):
            number = "".join(match.groups())
            findings.append(
                finding(
                    MOBILE,
                    _("正文中含有手机号码，请删除；联系电话请填写在“联系电话”栏（不对公众公开）。"),
                    name,
                    excerpt(text, match.start(), match.end(), replacement=_mask(number)),
                    blocks=True,
                    key=f"{name}:{number[-4:]}",
                )
            )
        for match in EMAIL_RE.finditer(text):
            domain = match.group(1).lower()
            local = match.group().split("@", 1)[0]
            if domain in WEBMAIL_DOMAINS or local.isdigit():
                findings.append(
                    finding(
                        EMAIL,
                        _("正文中含有个人电子邮箱，请删除或改用机构邮箱。"),
                        name,
                        excerpt(text, match.start(), match.end()),
                        blocks=True,
                        key=f"{name}:{match.group().lower()}",
                    )
                )
    return findings
