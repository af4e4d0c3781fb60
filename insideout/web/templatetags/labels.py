"""Internal names in words on every page: ``{{ run.kind|label:"kind" }}``, ``{{ text|plain }}``.

``label`` looks a name up in the labels catalogue (:mod:`insideout.catalogue.labels`) as a
``rule`` (the default), ``kind`` (of run), ``site``, ``phase``, ``need``, ``region``, ``verdict``,
``exercise``, ``test`` or ``flag``; a name nobody labelled reads as words, never as its id.
``plain`` rewrites the rule ids and catalogue names a sentence of the core carries ("left hip needs
more stability (hip_internal_rotation.limited)") into their labels. ``holds`` is the dashboard's
"Recovery week: volume eases this week". Rule ids stay in the JSON and in the pages' details for
coaches.
"""

from __future__ import annotations

from django import template

from insideout.catalogue.labels import load_labels

__all__ = ["holds", "label", "plain"]

register = template.Library()


@register.filter
def label(name: object, kind: str = "rule") -> str:
    """The label of ``name`` as a ``kind`` of name (a rule by default)."""
    return load_labels().of(kind, name)


@register.filter
def labels(names: object, kind: str) -> str:
    """A list of names as their labels, comma separated."""
    if not names:
        return ""
    items = names if isinstance(names, list | tuple) else [names]
    return ", ".join(load_labels().of(kind, n) for n in items)


@register.filter
def plain(text: object) -> str:
    """A sentence with its rule ids and snake_case names in words."""
    return load_labels().plain("" if text is None else str(text))


@register.filter
def holds(rule: object, verdict: object) -> str:
    """What the rule holding a runner means: "Recovery week: volume eases this week"."""
    return load_labels().holds(str(rule), str(verdict))
