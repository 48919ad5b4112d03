"""Load the 16 districts and the service-domain taxonomy (沪社服发〔2021〕5号 附件1)."""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.reference_data import ensure

    ensure(apps.get_model("catalog", "District"), apps.get_model("catalog", "ServiceDomain"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
