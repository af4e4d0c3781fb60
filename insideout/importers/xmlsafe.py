"""XML from strangers, read safely: no network, no entity expansion, no DTD at all.

A GPX or TCX file is uploaded by a runner or unpacked from an archive, so it is untrusted input.
Watch and phone exports never carry a DTD, so a document that declares one (the way in for
"billion laughs" entity bombs and external entities) is refused before any parser sees it; the
TCX parser is configured not to resolve entities or reach the network either, and gpxpy (which
builds its own lxml parser) only ever receives DTD-free text.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["XmlError", "check_no_dtd", "parse", "root_name"]

#: An element's start tag: ``<`` then a name, optionally prefixed (``<gpx``, ``<tcx:Foo``).
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class XmlError(Exception):
    """Not XML we read: ``reason`` in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def root_name(data: bytes) -> str | None:
    """The local name of the root element (``gpx``, ``TrainingCenterDatabase``), if it looks
    like UTF-8 XML; a cheap look at the head of the file, not a parse."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")  # a UTF-8 BOM, white space
    if not head.startswith(b"<"):
        return None
    found = _ELEMENT.search(_COMMENT.sub(b"", head))
    return found.group(1).decode("ascii") if found else None


def check_no_dtd(data: bytes) -> None:
    """Refuse a document that declares a DTD or an entity anywhere in it."""
    if _DTD.search(data):
        raise XmlError("XML with a DTD or entity declarations is not read (watch files have none)")


def parse(data: bytes) -> etree._Element:
    """The root element of a DTD-free document, parsed without entities or network."""
    check_no_dtd(data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise XmlError(f"not well-formed XML ({e})") from e
