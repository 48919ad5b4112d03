"""Catalog: districts, the service-domain taxonomy, providers, purchasers, accounts and listings."""
