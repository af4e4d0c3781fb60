"""The thread's one form: a message, checked as the API checks it (:func:`services.clean_body`)."""

from __future__ import annotations

from typing import Any

from django import forms

from insideout.core.errors import InputError
from insideout.help.models import BODY_MAX
from insideout.help.services import clean_body

__all__ = ["MessageForm"]


class MessageForm(forms.Form):
    """A message to the thread: the browser stops at BODY_MAX characters, the server checks again
    (no ``max_length`` here, so that the page and the API refuse in the same words)."""

    body = forms.CharField(
        label="Your message",
        required=False,  # an empty message is refused below, in the API's words
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        help_text=f"At most {BODY_MAX} characters.",
    )

    def clean_body(self) -> str:
        raw: Any = self.cleaned_data.get("body")
        try:
            return clean_body(raw)
        except InputError as exc:
            raise forms.ValidationError([i.message for i in exc.issues]) from exc
