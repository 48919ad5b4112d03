"""Page types of the public site: home, the auxiliary boards and the notices themselves.

Who may publish which notice follows the page tree: city notices sit directly
under the policy and announcement sections, a district's notices under that
district's folder (DistrictNoticeIndexPage), on which only that district's
group has page permissions (see permissions.py). A notice's level and district
are derived from where it sits, so they cannot disagree with who published it.

Modules: `home`, `sections` (section pages, notice lists, district folders), `boards`
(downloads, links, message board), `notices` (the notice pages and their attachments),
`groups` (the district publishing groups).
"""

from .boards import (
    DownloadCategory,
    DownloadIndexPage,
    DownloadItem,
    LinkIndexPage,
    LinkItem,
    MessageBoardPage,
)
from .groups import DistrictNoticeGroup
from .home import HomePage
from .notices import (
    AnnouncementAttachment,
    AnnouncementPage,
    NoticeAttachment,
    NoticeBody,
    NoticeLevel,
    NoticePage,
    PolicyAttachment,
    PolicyPage,
)
from .sections import (
    AnnouncementIndexPage,
    DistrictNoticeIndexPage,
    NoticeIndexMixin,
    PolicyIndexPage,
    SectionPage,
)

__all__ = [
    "AnnouncementAttachment",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "DistrictNoticeGroup",
    "DistrictNoticeIndexPage",
    "DownloadCategory",
    "DownloadIndexPage",
    "DownloadItem",
    "HomePage",
    "LinkIndexPage",
    "LinkItem",
    "MessageBoardPage",
    "NoticeAttachment",
    "NoticeBody",
    "NoticeIndexMixin",
    "NoticeLevel",
    "NoticePage",
    "PolicyAttachment",
    "PolicyIndexPage",
    "PolicyPage",
    "SectionPage",
]
