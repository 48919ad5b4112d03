"""Run the rules on every publish of a listing and on every imported batch, after the transaction commits.

The checks are outbox entries written in the publishing (or importing) transaction:
a Redis outage delays them, never loses them (outbox.dispatch).
"""

from django.dispatch import receiver
from wagtail.signals import published

from catalog.models import DemandListing, SupplyListing
from catalog.signals import listings_imported
from outbox.dispatch import enqueue


@receiver(published)
def check_on_publish(sender, instance, **kwargs):
    if sender not in (DemandListing, SupplyListing):
        return
    label = sender._meta.label_lower
    # Keyed: publishing the same listing twice before the worker runs checks it once.
    enqueue("moderation.check_listing", label, instance.pk, key=f"check:{label}:{instance.pk}")


@receiver(listings_imported)
def check_after_import(sender, pks, **kwargs):
    """Sent by the bulk importer inside its transaction: check the batch in one task."""
    if sender not in (DemandListing, SupplyListing) or not pks:
        return
    enqueue("moderation.check_imported", sender._meta.label_lower, list(pks))
