"""Signals of the catalog for other apps (search indexing, monitoring)."""

from django.dispatch import Signal

# Sent by the bulk importer inside its transaction, once per written batch
# (bulk_create sends no post_save): sender is the model class, `pks` the new
# records' ids. Receivers record durable after-commit work (outbox entries,
# pending index rows): index the published ones, run set-wise monitoring rules.
listings_imported = Signal()
