"""The before and after of a record's changed fields, in the Wagtail log entry of the change.

Wagtail logs `wagtail.create`, `edit`, `delete`, `publish` and `unpublish` for every record
its views and actions change, but an entry only says *that* the record changed. Here each
new entry of these actions gets `data["changes"]`, `{field: [before, after]}`, for the
fields that changed, so the record's History view, the site history and the audit screen
(security.auditlog) show what changed:

- a revisioned record (listings, pages): this revision's content against the previous
  revision's; a publish against the revision published before it (the first publish and
  an unpublish: `live` before and after);
- any other record: the row as the database held it before the request saved it (read in
  pre_save, during a request that may write) against the row as saved;
- a create: every field that has a value, after; a delete: every field, before.

Secrets (passwords, keys, tokens) never reach the log: a changed secret is "（已修改）".
Bookkeeping fields (revision pointers, time stamps of the save itself, tree paths) are not
changes of content and are left out.
"""

import contextvars
import datetime
import decimal
import uuid

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

CHANGE_ACTIONS = {
    "wagtail.create",
    "wagtail.edit",
    "wagtail.delete",
    "wagtail.publish",
    "wagtail.unpublish",
}
# The apps whose records an admin edits through Wagtail's views (and the user and document
# models). Saves of other models (sessions, lock-out counters, log entries) are not read.
AUDITED_APPS = {
    "accounts",
    "auth",
    "catalog",
    "matching",
    "moderation",
    "nominations",
    "notices",
    "opendata",
    "search",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
}
SKIPPED_MODELS = {
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.revision",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
}
NOISE = {
    "id",
    "latest_revision",
    "live_revision",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "created_at",
    "updated_at",
    "last_login",
    "date_joined",
    "draft_title",
    "url_path",
    "path",
    "depth",
    "numchild",
    "locked",
    "locked_at",
    "locked_by",
    "content_type",
    "translation_key",
    "locale",
}
HIDDEN = "（已修改）"
MAX_TEXT = 500  # characters of one value kept in the log

# Rows read before a save, by (model label, pk): {"before": {...}, "after": {...}}.
# None outside a request that may write (no row is read then).
_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "gxpt_audit_pending", default=None
)


def begin(request):
    """Start collecting rows for this request (only for methods that may write)."""
    collecting = request.method not in ("GET", "HEAD", "OPTIONS")
    return _pending.set({} if collecting else None)


def end(token) -> None:
    _pending.reset(token)


def is_secret(name: str) -> bool:
    name = name.lower()
    return name == "password" or name.endswith(("_key", "secret", "token", "password"))


def _plain(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in NOISE and not field.name.endswith("_ptr")
    ]


def snapshot(instance) -> dict:
    return {
        field.name: _plain(field.value_from_object(instance)) for field in _fields(type(instance))
    }


def diff(before: dict, after: dict, model=None) -> dict:
    names = [field.name for field in _fields(model)] if model is not None else sorted(after)
    changes = {}
    for name in names:
        if name in NOISE or (name not in before and name not in after):
            continue
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        changes[name] = [HIDDEN, HIDDEN] if is_secret(name) else [old, new]
    return changes


def _key(model, pk) -> tuple[str, str]:
    return (model._meta.concrete_model._meta.label_lower, str(pk))


def _audited(model) -> bool:
    meta = model._meta
    return meta.app_label in AUDITED_APPS and meta.label_lower not in SKIPPED_MODELS


def remember_before(sender, instance, raw=False, **kwargs):
    """pre_save: the stored row of a record about to change, once per record and request."""
    pending = _pending.get()
    if pending is None or raw or instance.pk is None or not _audited(sender):
        return
    key = _key(sender, instance.pk)
    if key in pending:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    pending[key] = {"before": snapshot(stored) if stored is not None else {}}


def remember_after(sender, instance, created=False, raw=False, **kwargs):
    """post_save: the row as saved."""
    pending = _pending.get()
    if pending is None or raw or not _audited(sender):
        return
    entry = pending.setdefault(_key(sender, instance.pk), {"before": {}})
    if created:
        entry["before"] = {}
    entry["after"] = snapshot(instance)


def _object_id(entry) -> str:
    return str(getattr(entry, "object_id", None) or getattr(entry, "page_id", "") or "")


def _previous_revision(entry):
    # Imported here: wagtail.models imports this app's models through the app registry.
    from wagtail.models import Revision

    revision = entry.revision
    earlier = Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        pk__lt=revision.pk,
    )
    if entry.action == "wagtail.publish":
        published = type(entry).objects.filter(
            content_type_id=entry.content_type_id,
            action="wagtail.publish",
            revision__isnull=False,
            revision_id__lt=revision.pk,
        )
        published = published.filter(
            **(
                {"page_id": entry.page_id}
                if hasattr(entry, "page_id")
                else {"object_id": entry.object_id}
            )
        )
        earlier = earlier.filter(pk__in=published.values("revision_id"))
    return earlier.order_by("-pk").first()


def changes_for(entry) -> dict | None:
    """`{field: [before, after]}` for a new log entry of a change, or None if not one."""
    if entry.action not in CHANGE_ACTIONS or entry.content_type_id is None:
        return None
    model = entry.content_type.model_class()
    if model is None:
        return None
    if entry.action == "wagtail.unpublish":
        return {"live": [True, False]}
    if getattr(entry, "revision_id", None) and entry.action in ("wagtail.edit", "wagtail.publish"):
        previous = _previous_revision(entry)
        if previous is None:
            return {"live": [False, True]} if entry.action == "wagtail.publish" else {}
        return diff(previous.content, entry.revision.content, model)
    pending = _pending.get() or {}
    seen = pending.get(_key(model, _object_id(entry)))
    if entry.action == "wagtail.edit":
        return diff(seen["before"], seen.get("after", {}), model) if seen else {}
    if entry.action == "wagtail.publish":
        return {"live": [False, True]}
    if seen and entry.action == "wagtail.create" and "after" in seen:
        return diff({}, seen["after"], model)
    stored = model._base_manager.filter(pk=_object_id(entry)).first()
    if stored is None:
        return {}
    values = snapshot(stored)
    return diff({}, values, model) if entry.action == "wagtail.create" else diff(values, {}, model)


def summary(entry, limit=6) -> str:
    """「项目名称：旧 → 新；联系电话：…」 for the History views (at most `limit` fields)."""
    changes = (entry.data or {}).get("changes") or {}
    if not changes:
        return ""
    model = entry.content_type.model_class() if entry.content_type_id else None
    parts = []
    for name, (old, new) in list(changes.items())[:limit]:
        try:
            field = model._meta.get_field(name) if model else None
        except Exception:  # noqa: BLE001 - a field since removed: its name will do
            field = None
        label = str(field.verbose_name) if field is not None else name
        parts.append(
            _("%(field)s：%(before)s → %(after)s")
            % {
                "field": label,
                "before": _short(old, field),
                "after": _short(new, field),
            }
        )
    more = len(changes) - limit
    text = "；".join(parts)
    return text + (_("；等 %(n)d 项") % {"n": more} if more > 0 else "")


def _short(value, field=None) -> str:
    """A stored value as a reader wants it: 是/否, a choice's label, text without HTML tags."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    text = str(choices.get(value, value))
    if "<" in text:
        text = strip_tags(text).strip() or "—"
    return text if len(text) <= 40 else text[:40] + "…"
