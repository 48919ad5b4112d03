"""The flag's snapshot (「标记时的内容」) as a reader wants it: labels, 是/否, dates, names.

A snapshot stores raw field values (ids, choice codes, ISO dates) so that it stays
true to what was published; this turns it into rows of (label, text, admin link) with
one query per related model, whatever the number of fields.
"""

import datetime

from django.db import models
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder

from catalog.money import yuan

HIDDEN = {"id", "created_at", "updated_at", "latest_revision", "live_revision", "locked_by"}


def _date(value: str) -> str:
    try:
        if "T" in value:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
            return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
        day = datetime.date.fromisoformat(value)
        return f"{day.year}年{day.month}月{day.day}日"
    except (TypeError, ValueError):
        return str(value)


def readable_snapshot(snapshot: dict, model, user) -> list[tuple[str, str, str]]:
    if not snapshot:
        return []
    fields = {f.name: f for f in model._meta.concrete_fields} if model is not None else {}
    related: dict = {}
    for name, value in snapshot.items():
        field = fields.get(name)
        if isinstance(field, models.ForeignKey) and value not in (None, ""):
            related.setdefault(field.related_model, set()).add(value)
    objects = {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in related.items()
    }
    finder = AdminURLFinder(user)
    rows = []
    for name, value in snapshot.items():
        field = fields.get(name)
        if value in (None, "") or name in HIDDEN or (field is not None and name.endswith("_ptr")):
            continue
        label = str(field.verbose_name) if field is not None else name
        url = ""
        if isinstance(field, models.ForeignKey):
            obj = objects.get(field.related_model, {}).get(value)
            text = str(obj) if obj is not None else f"（已删除，编号 {value}）"
            url = (finder.get_edit_url(obj) or "") if obj is not None else ""
        elif field is not None and field.choices:
            text = str(dict(field.flatchoices).get(value, value))
        elif isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(field, models.DateField | models.DateTimeField):
            text = _date(value)
        elif isinstance(field, models.DecimalField):
            text = yuan(value) if "amount" in name or name == "budget" else str(value)
        else:
            text = str(value)
        rows.append((label[:1].upper() + label[1:], text, url))
    return rows
