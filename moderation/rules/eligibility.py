"""Who may publish supply listings (`001` art. 8): registered with civil affairs, not seriously dishonest."""

from django.utils.translation import gettext as _

from catalog import checks
from catalog.checks import register
from catalog.validators import CIVIL_AFFAIRS_KINDS

from . import ELIGIBILITY
from ._util import finding, kind


@register
def provider_eligibility(instance) -> list:
    if kind(instance) != "SupplyListing" or not instance.provider_id:
        return []
    if checks.in_bulk() and "provider" not in instance._state.fields_cache:
        return []  # no query per row in a bulk import; the import's set-wise run checks it
    provider = instance.provider
    findings = []
    if provider.is_seriously_dishonest:
        findings.append(
            finding(
                ELIGIBILITY,
                _("%s已列入严重失信主体名单，不得作为承接主体发布服务项目。") % provider.name,
                "provider",
                provider.name,
                blocks=True,
                key="dishonest",
            )
        )
    if (provider.credit_code or "")[:2] not in CIVIL_AFFAIRS_KINDS:
        findings.append(
            finding(
                ELIGIBILITY,
                _("%(name)s的统一社会信用代码（%(code)s）不是民政部门登记的社会组织代码。")
                % {"name": provider.name, "code": provider.credit_code},
                "provider",
                provider.credit_code,
                blocks=True,
                key="not_registered",
            )
        )
    return findings
