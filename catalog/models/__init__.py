"""Catalog models, split by kind."""

from .accounts import Account
from .organizations import Provider, Purchaser
from .reference import District, ServiceDomain

__all__ = ["Account", "District", "Provider", "Purchaser", "ServiceDomain"]
from .pages import DemandIndexPage, SupplyIndexPage  # noqa: E402

__all__ += ["DemandIndexPage", "SupplyIndexPage"]
