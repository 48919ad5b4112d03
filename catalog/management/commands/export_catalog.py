"""Export to .xlsx with the import template's headers: manage.py export_catalog supply out.xlsx."""

from django.core.management.base import BaseCommand

from catalog.importing import SPECS, export_xlsx


class Command(BaseCommand):
    help = "导出社会组织、购买主体、需求项目或服务项目为 .xlsx（与导入模板同列）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("path")

    def handle(self, kind, path, **options):
        spec = SPECS[kind]
        with open(path, "wb") as out:
            export_xlsx(kind, spec.model.objects.all(), out)
        self.stdout.write(self.style.SUCCESS(f"已导出到 {path}"))
