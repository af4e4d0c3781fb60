"""Addresses of the people pages: adding and inviting runners, signing up, one's API keys."""

from django.urls import path

from insideout.people import views

app_name = "people"

urlpatterns = [
    path("runners/new/", views.add_runner, name="add_runner"),
    path("runners/<slug:handle>/invite/", views.invite, name="invite"),
    path(
        "runners/<slug:handle>/invite/<int:invite_id>/revoke/",
        views.revoke_invite,
        name="revoke_invite",
    ),
    path(
        "runners/<slug:handle>/invite/<int:invite_id>/resend/",
        views.resend_invite,
        name="resend_invite",
    ),
    path("invites/<slug:token>/", views.accept_invite, name="accept_invite"),
    path("signup/", views.signup, name="signup"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token_page, name="revoke_token"),
]
