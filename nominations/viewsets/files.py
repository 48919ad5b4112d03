"""Serving the stamped scans (recommendation forms, district summaries) to those who may open them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from security.files import serve_upload

from .. import access
from ..models import DistrictSummary


def recommendation_form_view(request, pk):
    """The stamped recommendation form, to those who may open the application only."""
    application = get_object_or_404(access.applications_for(request.user), pk=pk)
    return _serve(application.recommendation_form)


def summary_scan_view(request, pk):
    """A district's stamped summary table, to that district and the city only."""
    scope = access.summaries_scope(request.user)
    if scope is None:
        raise Http404
    summary = get_object_or_404(DistrictSummary.objects.filter(scope), pk=pk)
    return _serve(summary.stamped_scan)


def _serve(field_file):
    # Typed by its bytes, inline only as an image or a PDF, nosniff and a sandbox CSP.
    return serve_upload(field_file)
