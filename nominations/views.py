"""Public views of the nominations: the objection form of a round's public notice.

Served as a route of the directory page (DirectoryIndexPage.objection).
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.throttling import Limit, Throttle, honeypot_filled
from notifications.delivery import notify

from .forms import ObjectionForm
from .models import Round
from .notifications import city_admins

OBJECTIONS = Throttle("objections", (Limit(5, 3600),), message=_("提交过于频繁，请一小时后再试"))


def objection_view(request, year: int):
    """公示期内的异议反映: a public form, honeypot and a per-address hourly limit."""
    round_ = get_object_or_404(Round, year=year, notice_page__isnull=False)
    if not round_.is_open("notice"):
        return render(
            request, "nominations/objection.html", {"round": round_, "closed": True}, status=200
        )
    form = ObjectionForm(request.POST or None, round_=round_)
    if request.method == "POST":
        if honeypot_filled(form.data):
            # A bot filled the hidden field: answer as if accepted, store nothing.
            return render(request, "nominations/objection.html", {"round": round_, "done": True})
        if OBJECTIONS.exceeded(request):
            form.add_error(None, OBJECTIONS.message)
        elif form.is_valid():
            objection = form.save(commit=False)
            objection.round = round_
            objection.save()
            OBJECTIONS.record(request)


            notify(
                city_admins(),
                _("新的公示异议：%(year)s年度") % {"year": round_.year},
                objection.content[:200],
                reverse("nomination_objections:edit", args=[objection.pk]),
            )
            return render(request, "nominations/objection.html", {"round": round_, "done": True})
    return render(request, "nominations/objection.html", {"round": round_, "form": form})
