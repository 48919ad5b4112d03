"""Serving the stamped scans (recommendation forms, district summaries) to those who may open them."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..permissions import application_policy, summary_policy


def recommendation_form_view(request, pk):
    """The stamped recommendation form, to those who may open the application only."""
    application = get_object_or_404(application_policy.scope(request.user, "view"), pk=pk)
    return _serve(application.recommendation_form)


def summary_scan_view(request, pk):
    """A district's stamped summary table, to that district and the city only."""
    summary = get_object_or_404(summary_policy.scope(request.user, "view"), pk=pk)
    return _serve(summary.stamped_scan)


def _serve(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = field_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, filename=name, as_attachment=False)
