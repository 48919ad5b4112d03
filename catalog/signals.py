"""Signals of the catalog for other apps (search indexing, monitoring)."""

from django.dispatch import Signal

# Sent after commit by the bulk importer, once per written batch (bulk_create
# sends no post_save): sender is the model class, `pks` the new records' ids.
# Receivers: index the published ones, run set-wise monitoring rules.
listings_imported = Signal()
