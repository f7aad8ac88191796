"""The error answers of the API, written into its OpenAPI schema.

drf-spectacular documents the 200 of each operation from its serializer; the errors every
endpoint can give come from the permission classes, the filters and the object lookups,
which it does not see. This post-processing hook adds them, so that the schema says what
the API answers (schemathesis checks it against a running server in CI):

- 403 on every endpoint but the open-data one (not logged in, or no reader role);
- 404 on every endpoint with an object in its path, and on a page past the last;
- 400 on every endpoint whose query string has filters (a value its form refuses).
"""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    """DRF's page numbers, where a page given twice (`?page=2&page=`) is a 404 like any
    other page that does not exist, instead of silently the last of them."""

    def paginate_queryset(self, queryset, request, view=None):
        if len(request.query_params.getlist(self.page_query_param)) > 1:
            raise NotFound("Trang không hợp lệ: tham số page chỉ được có một lần.")
        return super().paginate_queryset(queryset, request, view)


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# django-filter's answer: {"year": ["Nhập một số nguyên."]}
INVALID = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}


def _response(name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ApiError"] = ERROR
    schemas["InvalidQuery"] = INVALID
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            is_open = "/open-data/" in path
            if not is_open:
                responses.setdefault(
                    "403", _response("ApiError", "Chưa đăng nhập hoặc không có quyền đọc")
                )
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                responses.setdefault("404", _response("ApiError", "Không tìm thấy"))
            if names - {"page", "id", "province_code", "format", "lang"}:
                responses.setdefault("400", _response("InvalidQuery", "Tham số không hợp lệ"))
    return result


def allow_empty_filters(result, generator, request, public):
    """An empty filter (`?year=`) is no filter, as on the pages' forms: say so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
