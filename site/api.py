"""The public API's shared pieces: the OpenAPI document's scope."""


def public_endpoints_only(endpoints):
    """drf-spectacular hook: describe the public API, not Wagtail's internal admin API."""
    return [
        endpoint
        for endpoint in endpoints
        if not endpoint[0].startswith(("/admin/", "/django-admin/"))
    ]
