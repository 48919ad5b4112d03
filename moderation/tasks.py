"""Celery tasks of monitoring: one listing after its publish, and the daily run over everything."""

from celery import shared_task
from django.apps import apps

from . import engine


@shared_task(name="moderation.check_listing")
def check_listing(model_label: str, pk: int) -> dict:
    model = apps.get_model(model_label)
    related = "provider" if model.__name__ == "SupplyListing" else "purchaser"
    instance = model.objects.select_related(related).filter(pk=pk).first()
    if instance is None or not instance.live:
        return {}
    return engine.check_listing(instance)


@shared_task(name="moderation.check_imported")
def check_imported(model_label: str, pks: list[int]) -> dict:
    return engine.check_imported(apps.get_model(model_label), pks)


@shared_task(name="moderation.run_all_rules")
def run_all_rules() -> dict:
    return engine.run_all()
