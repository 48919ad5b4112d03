"""Catalog models, split by kind."""

from .listings import DemandListing, SupplyListing
from .organizations import Provider, Purchaser
from .pages import DemandIndexPage, SupplyIndexPage
from .records import AnnualInspection, CreditEvent
from .reference import District, ServiceDomain

__all__ = [
    "AnnualInspection",
    "CreditEvent",
    "DemandIndexPage",
    "DemandListing",
    "District",
    "Provider",
    "Purchaser",
    "ServiceDomain",
    "SupplyIndexPage",
    "SupplyListing",
]
