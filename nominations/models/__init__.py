"""Nomination rounds, applications, their review, and the published directory.

The statuses and who may move an application between them live in
`workflow.py` (one transition table); this package only stores things:
- `choices`: statuses, origins, re-review results, windows;
- `rounds`: `Round`, one year's directory and its windows, and `RoundMilestone`;
- `applications`: `Application` (its history: Wagtail log entries, see history.py);
- `reviews`: `DistrictSummary`, `ExpertReview`, `Objection`;
- `pages`: `DirectoryIndexPage`, `DirectoryYearPage` and its `DirectoryEntry` rows.
"""

from .applications import Application, ApplicationQuerySet
from .choices import Origin, RereviewResult, Status, Window
from .pages import DirectoryEntry, DirectoryIndexPage, DirectoryYearPage
from .reviews import DistrictSummary, ExpertReview, Objection
from .rounds import Round, RoundMilestone

__all__ = [
    "Application",
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
    "RoundMilestone",
    "Status",
    "Window",
]
