"""The durable outbox: every piece of after-commit work, recorded in the transaction that causes it.

See `outbox.dispatch` for the entry points and docs/architecture.md for why it is an app.
"""
