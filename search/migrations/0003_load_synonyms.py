"""Seed the lay-term dictionary from the shipped search/data/synonyms.txt (existing terms are kept)."""

from django.db import migrations


def load(apps, schema_editor):
    from search.synonyms import read_data_file

    Synonym = apps.get_model("search", "Synonym")
    existing = set(Synonym.objects.values_list("term", flat=True))
    Synonym.objects.bulk_create(
        [
            Synonym(term=term, variants=" ".join(variants))
            for term, variants in read_data_file()
            if term not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_synonyms_and_analytics")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
