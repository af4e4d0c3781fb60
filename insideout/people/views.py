"""Pages about people: adding a runner, inviting them by email and the invitation's own page,
signing up as a self-coached runner, and one's API keys (the coach's dashboard and a runner's page
are :mod:`insideout.site`'s, since they combine every app)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from insideout.core.errors import InputError
from insideout.people import accounts
from insideout.people.access import AuthenticatedHttpRequest, coached_runner, require_coach
from insideout.people.forms import (
    AcceptInviteForm,
    InviteForm,
    RunnerForm,
    SignupForm,
    TokenForm,
)
from insideout.people.models import ApiToken, Invite, Runner
from insideout.people.tokens import make_token, revoke_token

__all__ = [
    "accept_invite",
    "add_runner",
    "invite",
    "resend_invite",
    "revoke_invite",
    "revoke_token_page",
    "signup",
    "tokens",
]

# The login a page makes is logged in with Django's own backend: axes (first in
# AUTHENTICATION_BACKENDS) throttles password checks, and there was none here.
_BACKEND = "django.contrib.auth.backends.ModelBackend"
_INVITE_WHAT = "invite the runner"


@login_required
def add_runner(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a runner to the logged-in coach's list, and invite them by email if one is given."""
    coach = require_coach(request.user, "add runners")
    form = RunnerForm(request.POST or None, coach=coach)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        with transaction.atomic():
            runner = form.save()
            made = accounts.make_invite(coach, runner, email) if email else None
        if made is not None:
            accounts.send_invite(request, *made)
            messages.success(request, f"{runner.name} is added; an invitation went to {email}.")
        return redirect("site:runner", handle=runner.handle)
    return render(request, "people/runner_form.html", {"form": form})


# --- invitations ----------------------------------------------------------------------------------


def _invite_page(
    request: AuthenticatedHttpRequest, runner: Runner, form: InviteForm, status: int = 200
) -> HttpResponse:
    invites = [(i, i.state()) for i in runner.invites.all()]
    context = {"runner": runner, "form": form, "invites": invites, "pending": Invite.State.PENDING}
    return render(request, "people/invite.html", context, status=status)


@login_required
def invite(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The runner's coach sends them an invitation by email; the invitations sent so far."""
    runner = coached_runner(request.user, handle, _INVITE_WHAT)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made, token = accounts.make_invite(runner.coach, runner, form.cleaned_data["email"])
        except InputError as e:
            form.add_error("email", e.issues[0].message)
            return _invite_page(request, runner, form, status=422)
        accounts.send_invite(request, made, token)
        messages.success(request, f"Invitation sent to {made.email}.")
        return redirect("people:invite", handle=runner.handle)
    return _invite_page(request, runner, form, status=422 if form.errors else 200)


def _coached_invite(request: AuthenticatedHttpRequest, handle: str, invite_id: int) -> Invite:
    runner = coached_runner(request.user, handle, _INVITE_WHAT)
    return get_object_or_404(runner.invites.select_related("runner", "coach"), pk=invite_id)


@login_required
@require_POST
def revoke_invite(request: AuthenticatedHttpRequest, handle: str, invite_id: int) -> HttpResponse:
    """Withdraw an invitation: its link stops working."""
    found = _coached_invite(request, handle, invite_id)
    accounts.revoke_invite(found)
    messages.success(request, f"The invitation to {found.email} is withdrawn.")
    return redirect("people:invite", handle=handle)


@login_required
@require_POST
def resend_invite(request: AuthenticatedHttpRequest, handle: str, invite_id: int) -> HttpResponse:
    """Send an invitation again, with a new link that works for another week."""
    found = _coached_invite(request, handle, invite_id)
    try:
        token = accounts.renew_invite(found)
    except (accounts.InviteGone, InputError):
        messages.error(request, f"The invitation to {found.email} can no longer be sent.")
        return redirect("people:invite", handle=handle)
    accounts.send_invite(request, found, token)
    messages.success(request, f"Invitation sent again to {found.email}, with a new link.")
    return redirect("people:invite", handle=handle)


def _gone(request: HttpRequest, state: Invite.State) -> HttpResponse:
    return render(request, "people/invite_gone.html", {"state": state.value}, status=410)


def accept_invite(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: the runner chooses a username and a password, and is logged in."""
    found = accounts.invite_by_token(token)
    if found is None:
        raise Http404("No such invitation.")
    state = found.state()
    if state is Invite.State.PENDING and found.runner.user_id is not None:
        state = Invite.State.USED  # the runner was given a login meanwhile (the admin)
    if state is not Invite.State.PENDING:
        return _gone(request, state)
    form = AcceptInviteForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.accept_invite(found, form.new_login(found.email))
        except accounts.InviteGone as e:
            return _gone(request, e.state)
        except IntegrityError:  # the username was taken between the check and the write
            form.add_error("username", "A user with that username already exists.")
        else:
            login(request, user, backend=_BACKEND)
            return redirect("site:runner", handle=found.runner.handle)
    context = {"form": form, "invite": found}
    return render(request, "people/invite_accept.html", context, status=422 if form.errors else 200)


# --- signing up -----------------------------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    """A self-coached runner signs up: their own coach, their own runner (if sign-up is open)."""
    if not accounts.open_signup():
        raise Http404("Sign-up is closed on this site.")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            runner = accounts.sign_up(
                form.new_login(data["email"]), name=data["name"], handle=data["handle"]
            )
        except IntegrityError:  # the username was taken between the check and the write
            form.add_error("username", "A user with that username already exists.")
        else:
            login(request, runner.user, backend=_BACKEND)
            return redirect("site:runner", handle=runner.handle)
    return render(request, "people/signup.html", {"form": form}, status=422 if form.errors else 200)


# --- API keys -------------------------------------------------------------------------------------


@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's API keys (name, first characters, made, last used, withdrawn) and a new one; a new
    key is shown in full on the answer to the form that made it, and never again."""
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = make_token(request.user, form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_key": new_key,
    }
    response = render(request, "people/tokens.html", context, status=422 if form.errors else 200)
    if new_key is not None:
        response["Cache-Control"] = "no-store"  # the key must not stay in a cache
    return response


@login_required
@require_POST
def revoke_token_page(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    """Withdraw one of one's keys (another user's answers 404, like none)."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    revoke_token(token)
    messages.success(request, f"The key {token.name!r} is withdrawn: it no longer works.")
    return redirect("people:tokens")
