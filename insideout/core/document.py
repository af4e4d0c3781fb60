"""JSON text to plain data, for every door: a history file, an API body.

A body of 100,000 nested brackets made :func:`json.loads` raise ``RecursionError`` and every
JSON endpoint answer 500; a document only a little less deep decoded but could not be printed in
a message. No input record nests more than a few levels (a history's runs hold a list of red
flags), so a document nested deeper than :data:`MAX_DEPTH` is refused with a
:class:`~insideout.core.errors.DocumentError` naming the limit, as is text that is not JSON. The
CLI exits 2 with the message; the API answers 400 with it.
"""

from __future__ import annotations

import json

from insideout.core.errors import DocumentError, Issue

__all__ = ["MAX_DEPTH", "loads"]

MAX_DEPTH = 32


def _too_deep() -> DocumentError:
    return DocumentError(
        [Issue((), f"expected a JSON document nested at most {MAX_DEPTH} levels deep, got deeper")]
    )


def _depth(doc: object) -> int:
    """How deep lists and objects nest in a decoded document (without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: list[object] = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def loads(text: str | bytes) -> object:
    """Decode JSON text, or raise :class:`DocumentError` saying where and why it is not."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as e:
        where = f"line {e.lineno}, column {e.colno}"
        raise DocumentError([Issue((), f"{where}: not valid JSON ({e.msg})")]) from e
    except ValueError as e:  # not UTF-8, or a number too long to read
        raise DocumentError([Issue((), f"not valid JSON ({e})")]) from e
    if _depth(doc) > MAX_DEPTH:
        raise _too_deep()
    return doc
