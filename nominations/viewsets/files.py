"""Serving the stamped scans (recommendation forms, district summaries) to those who may open them."""

from django.shortcuts import get_object_or_404

from security.files import serve_upload

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
    # Typed by its bytes, inline only as an image or a PDF, nosniff and a sandbox CSP.
    return serve_upload(field_file)
