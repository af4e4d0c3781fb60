"""Reading rendered pages as a browser would, with the standard library's ``html.parser``.

:func:`parse` collects the element ids, every ``aria-describedby`` and the visible text of a page;
text inside ``<details class="for-coaches">`` (where rule ids belong) is kept apart, and so are
``<script>``, ``<style>`` and attribute values, which nobody reads on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
HIDDEN = frozenset({"script", "style", "title", "head"})


@dataclass
class Page:
    ids: list[str] = field(default_factory=list)
    describedby: list[tuple[str, str]] = field(default_factory=list)  # (element, id it names)
    text: list[str] = field(default_factory=list)  # visible, outside the coaches' details
    coaches: list[str] = field(default_factory=list)  # inside <details class="for-coaches">

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, for coaches, hidden)

    def _inside(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.page.ids.append(a["id"])
        for target in a.get("aria-describedby", "").split():
            self.page.describedby.append((f"<{tag} name={a.get('name', '')!r}>", target))
        coaches, hidden = self._inside()
        if tag not in VOID:
            coaches = coaches or (tag == "details" and "for-coaches" in a.get("class", "").split())
            self.stack.append((tag, coaches, hidden or tag in HIDDEN))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        coaches, hidden = self._inside()
        if not hidden:
            (self.page.coaches if coaches else self.page.text).append(data)


def parse(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
