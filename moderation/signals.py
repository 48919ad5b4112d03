"""Run the rules on every publish of a listing, after the transaction commits."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import published

from catalog.models import DemandListing, SupplyListing
from catalog.notifications import enqueue


@receiver(published)
def check_on_publish(sender, instance, **kwargs):
    if sender not in (DemandListing, SupplyListing):
        return
    from .tasks import check_listing

    label = sender._meta.label_lower
    transaction.on_commit(lambda: enqueue(check_listing, label, instance.pk))
