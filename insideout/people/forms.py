"""The people forms: "add runner" (the handle must be new among the coach's runners, the time zone
a real one; left empty: the default, ``INSIDEOUT_DEFAULT_TIME_ZONE``), and the accounts' forms:
an invitation, accepting one, signing up, naming an API key.

The forms that make a login are Django's ``UserCreationForm`` (a username new whatever its case,
the password twice, checked by ``AUTH_PASSWORD_VALIDATORS`` against the username and the email);
they only validate: the login is made by :mod:`insideout.people.accounts`, all or nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from insideout.people.accounts import NewLogin
from insideout.people.models import (
    Coach,
    Runner,
    default_time_zone,
    handle_validator,
    time_zones,
    validate_not_reserved,
)

__all__ = ["AcceptInviteForm", "InviteForm", "RunnerForm", "SignupForm", "TokenForm"]


class RunnerForm(forms.ModelForm[Runner]):
    class Meta:
        model = Runner
        fields = ["name", "handle", "sex", "birth_year", "time_zone"]
        help_texts = {
            "handle": "Short, lower case, used in addresses: e.g. 'ana'.",
            "birth_year": "Optional; some norms depend on age.",
            "time_zone": "Where the runner lives: an imported activity's day is the day there.",
        }

    def __init__(self, *args: Any, coach: Coach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coach = coach
        default = default_time_zone()
        self.fields["time_zone"] = forms.ChoiceField(
            label="Time zone",
            choices=[(z, z) for z in sorted(time_zones())],
            required=False,
            initial=default,
            help_text=self.Meta.help_texts["time_zone"],
        )

    email = forms.EmailField(
        label="Email (optional)",
        max_length=254,
        required=False,
        help_text="Given: the runner is invited at once to choose a login (a link for a week).",
    )

    def clean_time_zone(self) -> str:
        """An empty choice is the default zone; the model's validator names a bad one."""
        zone: str = self.cleaned_data.get("time_zone") or default_time_zone()
        return zone

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"]
        if Runner.objects.filter(coach=self.instance.coach, handle=handle).exists():
            raise forms.ValidationError(
                "you already coach a runner with handle %(handle)r; choose another",
                params={"handle": handle},
            )
        return handle


class InviteForm(forms.Form):
    """The runner's email, where the coach's invitation goes."""

    email = forms.EmailField(
        label="Runner's email",
        max_length=254,
        help_text="The link goes there; it works once, for a week.",
    )


class _LoginForm(UserCreationForm[User]):
    """A new login: a username and the password twice (validated, never saved here)."""

    def new_login(self, email: str) -> NewLogin:
        data = self.cleaned_data
        return NewLogin(username=data["username"], email=email, password=data["password1"])


class AcceptInviteForm(_LoginForm):
    """The invited runner's username (their email unless they choose another) and password."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.email = email  # the password may not look like it either
        if len(email) <= 150:  # the longest username
            self.fields["username"].initial = email


class SignupForm(_LoginForm):
    """A self-coached runner: their name and handle, a login and its email."""

    name = forms.CharField(label="Your name", max_length=120)
    handle = forms.CharField(
        max_length=40,
        validators=[handle_validator, validate_not_reserved],
        help_text="Short, lower case, used in addresses: e.g. 'ana'.",
    )
    field_order = ["name", "handle", "username", "email", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "Where a forgotten password is reset."


class TokenForm(forms.Form):
    """A name for a new API key, to tell it apart later (say, the program that uses it)."""

    name = forms.CharField(
        label="Name", max_length=80, help_text="Say what uses the key: e.g. 'my training diary'."
    )
