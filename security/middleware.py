"""Request and response guards of the whole site.

- `RejectNullCharactersMiddleware`: a NUL character is never part of a legitimate URL or
  form; PostgreSQL refuses it in a string and SQLite's full-text search chokes on it, so
  such a request is answered 400 before any view runs (issue 11, hole 8, for every page).
- `AreaCSPMiddleware`: django-csp with two policies: strict on the public site (scripts
  and style blocks only from our origin or with the request's nonce), and for Wagtail's
  admin as strict as Wagtail allows (its date widgets and inline panels write inline
  scripts and style attributes, so 'unsafe-inline' stays there; nothing else does).
- `SecurityHeadersMiddleware`: Permissions-Policy everywhere; `Cache-Control: no-store`
  on the admin and on every page answered to a signed-in user (contact details,
  personal records) so no shared or browser cache keeps them.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any("\x00" in key or "\x00" in value for key, value in request.POST.items())
    return False


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = "请求中含有不允许的空字符（NUL），请检查后重试"
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class AreaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = settings.GXPT_ADMIN_CSP_DIRECTIVES
            parts.nonce = None  # a nonce would disable 'unsafe-inline', which the admin needs
        return parts


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.GXPT_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path_info.startswith(ADMIN_PREFIXES) or getattr(user, "is_authenticated", False):
            add_never_cache_headers(response)
        return response
