"""Everyday words added to the shipped dictionary after issue 14's tuning (search/data/synonyms.txt):
appended to an existing group, or a new group when the official term is not there. Words a city
admin removed since are added again only if the group no longer has them; nothing is deleted."""

from django.db import migrations

ADDED = {
    "助餐": "吃饭 就餐 用餐 饭堂 老年餐",
    "青少年": "少儿 中小学生 小学生",
    "托幼": "看孩子 带孩子 托儿所",
}


def add(apps, schema_editor):
    from search.synonyms import split_words

    Synonym = apps.get_model("search", "Synonym")
    for term, words in ADDED.items():
        entry = Synonym.objects.filter(term=term).first()
        if entry is None:
            Synonym.objects.create(term=term, variants=words)
            continue
        present = split_words(entry.variants)
        missing = [w for w in split_words(words) if w not in present]
        if missing:
            entry.variants = " ".join([*present, *missing])
            entry.save(update_fields=["variants"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_load_synonyms")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
