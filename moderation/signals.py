"""Run the rules on every publish of a listing and on every imported batch, after the transaction commits."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import published

from catalog.models import DemandListing, SupplyListing
from catalog.signals import listings_imported
from notifications.delivery import enqueue


@receiver(published)
def check_on_publish(sender, instance, **kwargs):
    if sender not in (DemandListing, SupplyListing):
        return
    from .tasks import check_listing

    label = sender._meta.label_lower
    transaction.on_commit(lambda: enqueue(check_listing, label, instance.pk))


@receiver(listings_imported)
def check_after_import(sender, pks, **kwargs):
    """Sent after commit by the bulk importer: check the batch in one task."""
    if sender not in (DemandListing, SupplyListing) or not pks:
        return
    from .tasks import check_imported

    enqueue(check_imported, sender._meta.label_lower, list(pks))
