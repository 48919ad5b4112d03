"""Catalog models, split by kind."""

from .imports import ImportJob, JobStatus
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
    "ImportJob",
    "JobStatus",
    "Provider",
    "Purchaser",
    "ServiceDomain",
    "SupplyIndexPage",
    "SupplyListing",
]
