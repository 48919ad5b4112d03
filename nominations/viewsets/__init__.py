"""Admin screens of the nominations (ModelViewSets), grouped under one menu.

One module per screen: `applications`, `rounds`, `summaries` (district summary
tables), `reviews` (expert re-review) and `objections`; `columns` holds the
listing columns they share and `files` serves the stamped scans.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .applications import ApplicationViewSet
from .objections import ObjectionViewSet
from .reviews import ExpertReviewViewSet
from .rounds import RoundViewSet
from .summaries import DistrictSummaryViewSet

__all__ = [
    "ApplicationViewSet",
    "DistrictSummaryViewSet",
    "ExpertReviewViewSet",
    "NominationsViewSetGroup",
    "ObjectionViewSet",
    "RoundViewSet",
]


class NominationsViewSetGroup(ModelViewSetGroup):
    menu_label = _("推荐目录")
    menu_icon = "list-ol"
    menu_order = 250
    items = (
        ApplicationViewSet,
        RoundViewSet,
        DistrictSummaryViewSet,
        ExpertReviewViewSet,
        ObjectionViewSet,
    )
