"""One column table per kind (`SPECS`): providers, purchasers, demand and supply listings."""

from .base import BATCH_SIZE, Spec
from .listings import DemandSpec, ListingSpec, SupplySpec
from .organizations import OrganizationSpec, ProviderSpec, PurchaserSpec

__all__ = [
    "BATCH_SIZE",
    "SPECS",
    "DemandSpec",
    "ListingSpec",
    "OrganizationSpec",
    "ProviderSpec",
    "PurchaserSpec",
    "Spec",
    "SupplySpec",
]

SPECS: dict[str, type[Spec]] = {
    spec.kind: spec for spec in (ProviderSpec, PurchaserSpec, DemandSpec, SupplySpec)
}
