"""Signals of the project app."""

from django.dispatch import Signal

# Sent after every migrate (and test flush) once the reference data, the role
# groups, Wagtail's roots and the page tree exist; apps build on them here.
site_ready = Signal()
