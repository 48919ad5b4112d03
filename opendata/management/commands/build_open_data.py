"""manage.py build_open_data [dataset ...]: rebuild the bulk downloads now (the daily task's work)."""

from django.core.management.base import BaseCommand, CommandError

from opendata import downloads


class Command(BaseCommand):
    help = "重新生成开放数据下载文件（OCDS 发布包、需求项目、服务项目、推荐目录）"

    def add_arguments(self, parser):
        parser.add_argument(
            "datasets", nargs="*", help="、".join(downloads.DATASETS) + "（默认全部）"
        )

    def handle(self, datasets, **options):
        unknown = sorted(set(datasets) - set(downloads.DATASETS))
        if unknown:
            raise CommandError(f"未知的数据集：{'、'.join(unknown)}")
        for dataset in datasets or downloads.DATASETS:
            manifest = downloads.build(dataset)
            for built in manifest["files"]:
                self.stdout.write(f"{built['name']}: {built['rows']} 行，{built['size']} 字节")
            self.stdout.write(self.style.SUCCESS(f"{dataset}：{manifest['seconds']} 秒"))
