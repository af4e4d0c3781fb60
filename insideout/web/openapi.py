"""Every refusal an operation can answer, written into both OpenAPI documents in one place.

django-ninja documents what an endpoint answers when it succeeds (its ``response=``). The refusals
come from the one error tree mapped in :mod:`insideout.web.api` and are the same for every
endpoint, so they are added here, to every operation, from what the operation itself shows in the
document (rather than written out by each endpoint, where a new one would forget them)::

    400  the body is not JSON, or is nested too deep   an operation with a JSON body
    401  not logged in                                 an operation that requires a login
    403  logged in, but not yours to do (only the      a write that requires a login (the CSRF
         runner's coach may...), or the CSRF check     check is on every write); a read only
                                                       where it says so (see below)
    404  not there, or not yours (the same answer)     an operation with a path parameter
    413  a body or an upload over the size limit       an operation with a body
    422  invalid input, field by field                 an operation with a body, a query
                                                       parameter or a path parameter not text

Each is ``{"detail": [{"loc", "field", "msg", "source"}]}`` (the ``ErrorOut`` component), with an
example built by the same :meth:`InputError.as_detail` that builds the real answers. A refusal the
endpoint already documents keeps its own description; its schema and example are completed. So a
read that only some may do (a coach's list) says so in its route, without importing this module:
``openapi_extra={"responses": {403: {"description": "Coaches only."}}}``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings

from insideout.core.errors import InputError, Issue
from insideout.people.schemas import ErrorItem as IssueOut
from insideout.people.schemas import ErrorOut

__all__ = ["ERROR", "ErrorOut", "IssueOut", "document_refusals", "example", "refusals_of"]

ERROR = "ErrorOut"  # the error's component name
_REF = "#/components/schemas/{model}"

D = TypeVar("D", bound=dict[str, Any])


def example(loc: tuple[str | int, ...], msg: str) -> dict[str, Any]:
    """An error body, exactly as the API answers one."""
    return {"detail": InputError([Issue(loc, msg)]).as_detail()}


def _examples(
    status: int, method: str, operation: dict[str, Any], components: dict[str, Any]
) -> Any:
    """``{name: {"summary", "value"}}``: how ``status`` reads for this operation."""
    if status == 400:
        msg = "line 1, column 10: not valid JSON (Expecting value)"
        return {"not_json": {"summary": "Not JSON", "value": example(("body",), msg)}}
    if status == 401:
        return {"not_logged_in": {"summary": "Not logged in", "value": example((), "Unauthorized")}}
    if status == 403:
        coach = example((), "only the runner's coach may do this")
        csrf = example((), "CSRF check Failed")
        refused = {"not_the_coach": {"summary": "Not the runner's coach", "value": coach}}
        if method != "get":
            refused["csrf"] = {"summary": "A session write without the CSRF token", "value": csrf}
        return refused
    if status == 404:
        found = example((), "Not Found")
        return {"not_found": {"summary": "Not there, or not yours", "value": found}}
    if status == 413:
        msg = f"expected a body of at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes, got more"
        return {"too_big": {"summary": "Over the size limit", "value": example(("body",), msg)}}
    loc, msg = _invalid_input(operation, components)
    return {"invalid": {"summary": "Invalid input", "value": example(loc, msg)}}


def _resolve(node: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The object schema ``node`` stands for: a reference followed, and of a choice (``anyOf``,
    ``oneOf``: an object or null) the first alternative with fields."""
    ref = node.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = components.get(ref.rsplit("/", 1)[1], {})
        return found
    for alternative in node.get("anyOf", node.get("oneOf", [])):
        chosen = _resolve(alternative, components)
        if chosen.get("properties"):
            return chosen
    return node


def _below(field: dict[str, Any]) -> str:
    """A value the field refuses: one below its minimum, else a word where a value was expected."""
    for choice in [field, *field.get("anyOf", [])]:
        if isinstance(choice.get("minimum"), int | float):
            low = choice["minimum"] - 1
            return str(int(low)) if float(low).is_integer() else str(low)
    return "'?'"


def _invalid_input(
    operation: dict[str, Any], components: dict[str, Any]
) -> tuple[tuple[str | int, ...], str]:
    """The first input of the operation (a query parameter, else the body's first required
    field, else a path parameter) refused as the API would refuse it."""
    params = operation.get("parameters", [])
    query = [p for p in params if p.get("in") == "query"]
    if query:
        name = query[0]["name"]
        return (name,), f"Input should be a valid integer (got '{name}?')"
    for media in operation.get("requestBody", {}).get("content", {}).values():
        body = _resolve(media.get("schema", {}), components)
        required = body.get("required") or []
        fields = required or list(body.get("properties", {}))
        if fields:
            name = fields[0]
            field = body.get("properties", {}).get(name, {})
            described = str(field.get("description", ""))
            expected = described if described.startswith("expected") else "expected a value"
            if name in required:
                return (name,), f"required: {expected}, got nothing"
            # no field is required (a day of the availability): one given wrong
            return (name,), f"{expected.split(';')[0]}, got {_below(field)}"
        return ("file",), "expected a file, got nothing"
    path = [p for p in params if p.get("in") == "path" and p["schema"].get("type") != "string"]
    name = path[0]["name"] if path else "input"
    return (name,), f"Input should be a valid integer, unable to parse string (got '{name}?')"


def refusals_of(method: str, operation: dict[str, Any]) -> list[int]:
    """The refusals ``operation`` can answer (see the table above)."""
    params = operation.get("parameters", [])
    body = operation.get("requestBody")
    logged_in = bool(operation.get("security"))
    declared = {str(code) for code in operation.get("responses", {})}  # ninja's keys are ints
    codes = []
    if body and "application/json" in body.get("content", {}):
        codes.append(400)
    if logged_in:
        codes.append(401)
    if (logged_in and method != "get") or "403" in declared:
        codes.append(403)
    if any(p.get("in") == "path" for p in params):
        codes.append(404)
    if body:
        codes.append(413)
    typed_path = any(p.get("in") == "path" and p["schema"].get("type") != "string" for p in params)
    if body or typed_path or any(p.get("in") == "query" for p in params):
        codes.append(422)
    return codes


_DESCRIPTIONS = {
    400: "The body is not JSON, or is nested too deep.",
    401: "Not logged in.",
    403: "Logged in, but not yours to do (the message says who may), or the CSRF check failed.",
    404: "Not there, or not yours: the same answer.",
    413: "The body (or the upload) is over the size limit.",
    422: "Invalid input: each issue names its field, what was expected and what was given.",
}


def _error_components(components: dict[str, Any]) -> None:
    schema = ErrorOut.model_json_schema(ref_template=_REF)
    components.update(schema.pop("$defs", {}))
    components[ERROR] = schema


def document_refusals(schema: D) -> D:
    """``schema`` (an OpenAPI document as ninja made it) with every operation's refusals."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _error_components(components)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            keys = {str(key): key for key in responses}  # ninja's are ints; one key per status
            for status in refusals_of(method, operation):
                response = responses.setdefault(keys.get(str(status), status), {})
                response.setdefault("description", _DESCRIPTIONS[status])
                media = response.setdefault("content", {}).setdefault("application/json", {})
                media["schema"] = {"$ref": _REF.format(model=ERROR)}
                media["examples"] = _examples(status, method, operation, components)
    return schema
