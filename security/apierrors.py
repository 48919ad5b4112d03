"""One shape for the errors of every API, and none of them a 500 for bad input.

Bad input never reaches the database as a 500 (issue 11, hole 8): every API answers
400 with `{"detail": "<说明>", "errors": {参数: [说明, ...]}}` (errors only for
parameter validation), 404 with `{"detail": ...}`, and the OpenAPI document says so
for every operation (`document_errors`). Wagtail's API v2 views keep their own
`message` key beside `detail` for clients written against Wagtail.
"""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.api.v2.utils import BadRequestError

logger = logging.getLogger(__name__)

BAD_INPUT = "请求参数无效，请检查后重试"
# Raised by the database or a model field when a query parameter cannot be a value of its
# column (an id beyond 64 bits, a NUL character, "false" for a number): bad input, not a fault.
BAD_INPUT_ERRORS = (DjangoValidationError, DataError, OverflowError, ValueError, TypeError)


def _flatten(errors, prefix="") -> list[str]:
    if isinstance(errors, dict):
        return [m for key, value in errors.items() for m in _flatten(value, f"{key}")]
    if isinstance(errors, list):
        return [m for value in errors for m in _flatten(value, prefix)]
    return [f"{prefix}：{errors}" if prefix else str(errors)]


def exception_handler(exc, context):
    """DRF's handler, with every error in one shape and bad input answered 400."""
    if isinstance(exc, BAD_INPUT_ERRORS):
        logger.info("Bad API input on %s: %r", context["request"].get_full_path(), exc)
        return Response({"detail": BAD_INPUT}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        messages = _flatten(response.data)
        response.data = {
            "detail": "请求参数有误：" + "；".join(messages[:5]),
            "errors": response.data if isinstance(response.data, dict) else {"": messages},
        }
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": _flatten(response.data)[0] if response.data else BAD_INPUT}
    return response


def not_found(request, exception=None):
    """handler404: a JSON answer under /api/ (so clients get the documented shape), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "未找到"}, status=404, json_dumps_params={"ensure_ascii": False}
        )

    return page_not_found(request, exception)


class WagtailAPIErrors:
    """Mixin for Wagtail's API v2 viewsets: `detail` beside Wagtail's `message`, bad ids 400."""

    def find_object(self, queryset, request):
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError("id 应为正整数")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, BAD_INPUT_ERRORS):
            return Response({"detail": BAD_INPUT, "message": BAD_INPUT}, status=400)
        response = super().handle_exception(exc)
        if isinstance(exc, Http404 | exceptions.NotFound):
            response.data = {"detail": "未找到", "message": "未找到"}
        elif isinstance(response.data, dict) and "message" in response.data:
            response.data.setdefault("detail", response.data["message"])
        return response


ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "说明（中文）"},
        "message": {"type": "string", "description": "同 detail（Wagtail API 的字段名）"},
        "errors": {
            "type": "object",
            "description": "各参数的问题",
            "additionalProperties": True,
        },
    },
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its 400 and 404."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ApiError"] = ERROR_SCHEMA
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in (("400", "请求参数有误"), ("404", "未找到")):
                responses[code] = {"description": description, **error}
            if "503" in responses:
                responses["503"] = {"description": "检索服务暂不可用", **error}
    return result
