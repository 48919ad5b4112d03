"""Bulk import from the command line: manage.py import_catalog supply listings.xlsx [--dry-run]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importing import SPECS, FileRejected, import_file


class Command(BaseCommand):
    help = "导入社会组织、购买主体、需求项目或服务项目（.xlsx 或 .csv，全部成功才写入）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, kind, path, dry_run=False, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"文件不存在：{path}")
        with file_path.open("rb") as handle:
            handle.size = file_path.stat().st_size
            try:
                report = import_file(kind, handle, file_path.name, dry_run=dry_run)
            except FileRejected as error:
                raise CommandError(str(error)) from error
        for problem in report.problems:
            self.stdout.write(f"第{problem.row}行\t{problem.column}\t{problem.message}")
        if report.more_problems:
            self.stdout.write(f"……另有 {report.more_problems} 个问题")
        if not report.ok:
            raise CommandError(f"共 {report.rows} 行，发现问题，未导入任何记录")
        verb = "检查通过" if dry_run else "已导入"
        self.stdout.write(self.style.SUCCESS(f"{verb}：{report.rows} 行，新建 {report.created} 条"))
