"""Notifications: one `notify()` (delivery.py) for every app, the inbox, the e-mail tasks."""
