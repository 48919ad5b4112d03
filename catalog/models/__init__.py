"""Catalog models, split by kind."""

from .accounts import Account
from .listings import DemandListing, SupplyListing
from .notifications import Notification
from .organizations import Provider, Purchaser
from .pages import DemandIndexPage, SupplyIndexPage
from .records import AnnualInspection, CreditEvent
from .reference import District, ServiceDomain

__all__ = [
    "Account",
    "AnnualInspection",
    "CreditEvent",
    "DemandIndexPage",
    "DemandListing",
    "District",
    "Notification",
    "Provider",
    "Purchaser",
    "ServiceDomain",
    "SupplyIndexPage",
    "SupplyListing",
]
