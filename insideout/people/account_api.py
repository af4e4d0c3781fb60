"""The accounts API: who am I, one's API keys, and a coach's invitations of a runner.

A key is shown once, in the 201 that made it; a list shows only its first characters. An
invitation's link is in the 201 that made it (the coach may pass it on another way than the email
sent at the same time) and never in a list. Another user's key, or an invitation of a runner one
does not coach, answers 404 like one that does not exist; a runner asking about their own
invitations answers 403 (only their coach may).
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from insideout.people import accounts
from insideout.people.access import coach_of, coached_runner
from insideout.people.models import ApiToken, Invite, Runner
from insideout.people.routers import VersionedRouter
from insideout.people.schemas import (
    InviteIn,
    InviteMadeOut,
    InviteOut,
    InviteState,
    MeOut,
    TokenIn,
    TokenMadeOut,
    TokenOut,
    errors,
)
from insideout.people.tokens import make_token, revoke_token

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["accounts"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


_INVITE_WHAT = "invite the runner"


def _user(request: HttpRequest) -> User:
    """The user an authenticated request acts as (the API lets no anonymous request through)."""
    user = request.user
    assert isinstance(user, User)  # the API answered 401 to anybody else
    return user


@router.get("/me", response={200: MeOut, **errors(401)})
def me(request: HttpRequest) -> MeOut:
    """Who the request acts as: the username, whether a coach, and one's own runner's handle."""
    user = _user(request)
    coach = coach_of(user)
    own = Runner.objects.filter(user=user).only("handle").first()
    return MeOut(
        username=user.get_username(),
        email=user.email,
        is_coach=coach is not None,
        coach_name=coach.name if coach else None,
        runner=own.handle if own else None,
    )


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.get("/tokens", response={200: list[TokenOut], **errors(401)})
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    """Your API keys, newest first (never the keys themselves)."""
    return [_token_out(t) for t in ApiToken.objects.filter(user=_user(request))]


@router.post("/tokens", response={201: TokenMadeOut, **errors(401, 422)})
def add_token(request: HttpRequest, payload: TokenIn) -> Status[TokenMadeOut]:
    """A new API key for yourself: ``key`` is in this answer and never again."""
    token, key = make_token(_user(request), payload.name)
    return Status(201, TokenMadeOut(**_token_out(token).model_dump(), key=key))


@router.delete("/tokens/{token_id}", response={204: None, **errors(401, 404)})
def delete_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Withdraw one of your keys: it answers 401 from now on (another user's key: 404)."""
    revoke_token(get_object_or_404(ApiToken, pk=token_id, user=_user(request)))
    return Status(204, None)


def _invite_out(invite: Invite) -> InviteOut:
    return InviteOut(
        id=invite.pk,
        email=invite.email,
        created_at=invite.created_at,
        expires_at=invite.expires_at,
        used_at=invite.used_at,
        revoked_at=invite.revoked_at,
        state=cast(InviteState, invite.state().value),  # the model's choices
    )


@router.get("/runners/{handle}/invites", response={200: list[InviteOut], **errors(401, 403, 404)})
def list_invites(request: HttpRequest, handle: str) -> list[InviteOut]:
    """The invitations sent to a runner you coach, newest first (never their links)."""
    runner = coached_runner(request.user, handle, _INVITE_WHAT)
    return [_invite_out(i) for i in runner.invites.all()]


@router.post(
    "/runners/{handle}/invites", response={201: InviteMadeOut, **errors(401, 403, 404, 422)}
)
def add_invite(request: HttpRequest, handle: str, payload: InviteIn) -> Status[InviteMadeOut]:
    """Invite a runner you coach by email: the email goes out now, with a link that works once
    for ``INSIDEOUT_INVITE_DAYS`` days; the link is also in this answer, and never again. A runner
    who already has a login is refused (422 on ``email``)."""
    runner = coached_runner(request.user, handle, _INVITE_WHAT)
    invite, token = accounts.make_invite(runner.coach, runner, payload.email)
    accounts.send_invite(request, invite, token)
    out = _invite_out(invite).model_dump()
    return Status(201, InviteMadeOut(**out, link=accounts.invite_link(request, token)))


@router.delete(
    "/runners/{handle}/invites/{invite_id}", response={204: None, **errors(401, 403, 404)}
)
def delete_invite(request: HttpRequest, handle: str, invite_id: int) -> Status[None]:
    """Withdraw an invitation: its link answers 410 from now on (a used one stays used)."""
    runner = coached_runner(request.user, handle, _INVITE_WHAT)
    accounts.revoke_invite(get_object_or_404(runner.invites, pk=invite_id))
    return Status(204, None)
