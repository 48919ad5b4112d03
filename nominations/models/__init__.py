"""Nomination rounds, applications, their review, and the published directory.

The statuses and who may move an application between them live in
`workflow.py` (one transition table); this package only stores things:
- `choices`: statuses, origins, re-review results, windows;
- `rounds`: `Round`, one year's directory and its windows;
- `applications`: `Application` and its append-only `ApplicationEvent` history;
- `reviews`: `DistrictSummary`, `ExpertReview`, `Objection`;
- `pages`: `DirectoryIndexPage`, `DirectoryYearPage` and its `DirectoryEntry` rows.
"""

from .applications import Application, ApplicationEvent, ApplicationQuerySet
from .choices import Origin, RereviewResult, Status, Window
from .pages import DirectoryEntry, DirectoryIndexPage, DirectoryYearPage
from .reviews import DistrictSummary, ExpertReview, Objection
from .rounds import Round

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "DirectoryEntry",
    "DirectoryIndexPage",
    "DirectoryYearPage",
    "DistrictSummary",
    "ExpertReview",
    "Objection",
    "Origin",
    "RereviewResult",
    "Round",
    "Status",
    "Window",
]
