"""The two sides of the platform: providers (承接主体, social organizations) and purchasers (购买主体)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope

from ..validators import CIVIL_AFFAIRS_KINDS, validate_social_organization_code


class RegistrationLevel(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")


class Grade(models.TextChoices):
    NONE = "", _("未评估")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class CommunityType(models.TextChoices):
    """社区社会组织类型 (沪民社管发〔2021〕3号)."""

    NONE = "", _("非社区社会组织")
    CHARITY = "charity", _("公益慈善类")
    LIVING = "living", _("生活服务类")
    AFFAIRS = "affairs", _("社区事务类")
    CULTURE = "culture", _("文体活动类")


class CommunityTier(models.TextChoices):
    NONE = "", _("—")
    REGISTERED = "registered", _("注册社会组织")
    TEAM = "team", _("群众活动团队")
    GROUP = "group", _("社区活动小组")


class Provider(models.Model):
    # Which rows each account sees (accounts.scope): its own organization, a district its district's.
    scope = Scope(provider="pk", district="district")

    name = models.CharField(_("社会组织全称"), max_length=200, unique=True)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_social_organization_code],
    )
    registration_level = models.CharField(
        _("登记级别"),
        max_length=10,
        choices=RegistrationLevel.choices,
        default=RegistrationLevel.DISTRICT,
    )
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("所在区"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    registered_on = models.DateField(_("成立登记日期"), null=True, blank=True)
    grade = models.CharField(
        _("评估等级"), max_length=2, choices=Grade.choices, blank=True, default=""
    )
    has_social_workers = models.BooleanField(_("配备专业社会工作者"), default=False)
    community_type = models.CharField(
        _("社区社会组织类型"), max_length=10, choices=CommunityType.choices, blank=True, default=""
    )
    community_tier = models.CharField(
        _("社区社会组织层级"), max_length=12, choices=CommunityTier.choices, blank=True, default=""
    )
    is_seriously_dishonest = models.BooleanField(
        _("列入严重失信主体名单"), default=False, help_text=_("列入后不得推荐进入推荐目录")
    )
    summary = models.TextField(_("机构简介"), blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = (self.credit_code or "").strip().upper()
        super().save(*args, **kwargs)

    @property
    def kind(self) -> str:
        return str(CIVIL_AFFAIRS_KINDS.get(self.credit_code[:2], ""))


class PurchaserLevel(models.TextChoices):
    CITY = "city", _("市级部门")
    DISTRICT = "district", _("区级部门")
    STREET = "street", _("街道/镇")


class Purchaser(models.Model):
    scope = Scope(purchaser="pk", district="district")

    name = models.CharField(_("购买主体名称"), max_length=200, unique=True)
    level = models.CharField(_("层级"), max_length=10, choices=PurchaserLevel.choices)
    district = models.ForeignKey(
        "catalog.District",
        verbose_name=_("所在区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchasers",
        help_text=_("市级部门可不填"),
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("购买主体")
        verbose_name_plural = _("购买主体")

    def __str__(self):
        return self.name
