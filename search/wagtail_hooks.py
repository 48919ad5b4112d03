"""Registration only: the search admin menu (dictionary, analytics) and its permission policies."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import ClickStat, SearchStat
from .viewsets import ReadOnlyPolicy, SearchViewSetGroup

register_permission_policy(SearchStat, ReadOnlyPolicy(SearchStat))
register_permission_policy(ClickStat, ReadOnlyPolicy(ClickStat))


@hooks.register("register_admin_viewset")
def register_search_admin():
    return SearchViewSetGroup()
