"""Admin screens of the project app: the user manual (帮助 → 用户手册)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from notices import manual


def manual_view(request):
    chapters = manual.chapters_for(request.user)
    return TemplateResponse(
        request,
        "gxpt/admin/manual.html",
        {"chapters": chapters, "page_title": _("用户手册"), "header_icon": "help"},
    )
