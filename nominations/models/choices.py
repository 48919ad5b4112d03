"""The vocabularies of a nomination: its statuses, its origin, the re-review result, the windows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The seven statuses of `000` attachment 4, exactly as named there."""

    SAVED = "saved", _("已保存")
    SUBMITTED = "submitted", _("已提交")
    DISTRICT_RETURNED = "district_returned", _("区级退回")
    CITY_RETURNED = "city_returned", _("市级退回")
    DISTRICT_APPROVED = "district_approved", _("区级同意")
    CITY_APPROVED = "city_approved", _("市级同意")
    REFUSED = "refused", _("不同意")


class Origin(models.TextChoices):
    CARRIED_OVER = "carried_over", _("原有")
    NEW = "new", _("新增")


class RereviewResult(models.TextChoices):
    PENDING = "", _("待定")
    PASSED = "passed", _("通过复审")
    FAILED = "failed", _("未通过复审")


class Window(models.TextChoices):
    SELF_NOMINATION = "self_nomination", _("自荐")
    FIRST_REVIEW = "first_review", _("初审")
    REREVIEW = "rereview", _("复审")
    NOTICE = "notice", _("公示")
    PUBLICATION = "publication", _("发布")
