"""Permissions named in Chinese on the group screens (「可添加 社会组织」, not "Can add 社会组织").

Django writes a permission's name once, when it creates the row, from the untranslated
verbose name ("Can add group"); Wagtail's own permissions are English sentences. The group
screens show those names to the super administrator. After every migrate (gxpt's
post-migrate set-up) the names still in English are rewritten: the four model verbs with
the model's Chinese name, Wagtail's few own permissions from the table below. Only the
name changes; code checks permissions by codename.
"""

import re

from django.contrib.auth.models import Permission
from django.utils import translation

VERBS = {"add": "可添加", "change": "可修改", "delete": "可删除", "view": "可查看"}
OWN = {
    "Can access Wagtail admin": "可访问管理后台",
    "Can choose document": "可选择文档",
    "Can choose image": "可选择图片",
    "Delete pages with children": "可删除含子页面的页面",
    "Lock/unlock pages you've locked": "可锁定、解锁自己锁定的页面",
    "Publish any page": "可发布任意页面",
    "Unlock any page": "可解锁任意页面",
}
# Models of the libraries whose names have no Chinese translation upstream.
MODEL_NAMES = {
    "access attempt": "登录尝试",
    "access attempt expiration": "登录尝试期限",
    "access failure": "登录失败记录",
    "access log": "登录记录",
    "static device": "恢复码设备",
    "static token": "恢复码",
    "TOTP device": "动态口令设备",
    "editing session": "编辑会话",
    "form state": "表单状态",
    "locale": "语言区域",
    "page subscription": "页面订阅",
    "reference index": "引用索引",
    "uploaded file": "上传的文件",
    "workflow content type": "工作流内容类型",
    "rendition": "图片规格",
    "index entry": "索引条目",
    "sq lite fts index entry": "全文索引条目",
}
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def chinese_name(permission) -> str | None:
    """The permission's Chinese name, or None when there is none to give."""
    if permission.name in OWN:
        return OWN[permission.name]
    if permission.name.startswith("Can publish "):
        return "可发布" + permission.name.removeprefix("Can publish ")
    verb, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb in VERBS and model is not None and model._meta.model_name == model_name:
        verbose_name = str(model._meta.verbose_name)
        return VERBS[verb] + MODEL_NAMES.get(verbose_name, verbose_name)
    return None


def translate_permission_names() -> int:
    """Rewrite the English permission names; how many changed (none on a second run)."""
    changed = []
    with translation.override("zh-hans"):
        for permission in Permission.objects.select_related("content_type"):
            if not ENGLISH.search(permission.name):
                continue
            name = chinese_name(permission)
            if name and name != permission.name:
                permission.name = name[:255]
                changed.append(permission)
    Permission.objects.bulk_update(changed, ["name"])
    return len(changed)
