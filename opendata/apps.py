"""The opendata app: what the platform publishes for machines (feeds, downloads, OCDS) and public statistics."""

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "开放数据"
