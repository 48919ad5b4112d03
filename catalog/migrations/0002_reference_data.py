"""Load the 16 districts and the service-domain taxonomy (沪社服发〔2021〕5号 附件1)."""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.reference_data import districts, service_domains

    District = apps.get_model("catalog", "District")
    ServiceDomain = apps.get_model("catalog", "ServiceDomain")
    for code, name, short_name in districts():
        District.objects.update_or_create(code=code, defaults={"name": name, "short_name": short_name})
    by_code = {}
    for code, name in service_domains():
        major, _sep, minor = code.partition(".")
        parent = by_code[major] if minor else None
        domain, _created = ServiceDomain.objects.update_or_create(
            code=code,
            defaults={"name": name, "parent": parent, "major": int(major), "minor": int(minor or 0)},
        )
        by_code[code] = domain


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
