"""Celery tasks of monitoring: one listing after its publish, the daily run over everything,
and the reminders of objections near their deadline."""

from celery import shared_task
from django.apps import apps

from . import engine, objections


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


@shared_task(name="moderation.remind_objections")
def remind_objections() -> int:
    # Idempotent: each objection is reminded once (reminded_at), a retry sends nothing twice.
    return objections.remind_due()
