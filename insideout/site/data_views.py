"""The pages of a runner's data as theirs (issue 16): download it all, delete the account, move a
runner to another coach, the coach's notices, and the squad as CSV.

Access is :mod:`insideout.people.access`'s, as on every runner page: the export and the deletion
are the runner's and their coach's (a stranger gets the 404 of a runner that does not exist);
moving a runner is their coach's; the notices and the squad CSV are a coach's.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from insideout.core.errors import InputError
from insideout.people.access import (
    AuthenticatedHttpRequest,
    coached_runner,
    logging_runner,
    require_coach,
    runner_or_404,
)
from insideout.people.deletion import delete_runner
from insideout.people.models import Runner
from insideout.people.roster import USERNAME_MAX, make_self_coached, transfer
from insideout.site import export, squad

__all__ = ["delete_account", "export_zip", "notices", "squad_csv", "transfer_runner"]


@login_required
def export_zip(request: AuthenticatedHttpRequest, handle: str) -> StreamingHttpResponse:
    """All of the runner's data as a zip (:mod:`insideout.site.export`)."""
    return export.response(runner_or_404(request.user, handle))


class ConfirmForm(forms.Form):
    confirm = forms.CharField(
        label="Type the handle to confirm",
        max_length=40,
        help_text="The runner's handle, exactly as shown: this cannot be undone.",
    )

    def __init__(self, *args: object, runner: Runner, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.runner = runner

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value != self.runner.handle:
            raise forms.ValidationError(
                "expected the handle %(handle)s, exactly; nothing was deleted",
                params={"handle": self.runner.handle},
            )
        return value


@login_required
def delete_account(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Delete the runner's account and all of their data, once their handle is typed."""
    runner = logging_runner(request.user, handle, "delete this account")
    form = ConfirmForm(request.POST or None, runner=runner)
    themself = runner.user_id == request.user.pk
    if request.method == "POST" and form.is_valid():
        done = delete_runner(runner, by=request.user)
        if themself and done.login_deleted:
            logout(request)
            return render(request, "site/deleted.html", {"done": done})
        messages.success(request, f"{done.name} ({done.handle}) and all of their data are deleted.")
        return redirect("site:home")
    context = {"runner": runner, "form": form, "themself": themself}
    return render(request, "site/delete_account.html", context)


class TransferForm(forms.Form):
    to = forms.ChoiceField(
        label="Move to",
        choices=[("coach", "Another coach"), ("self", "Their own coach (self-coached)")],
        widget=forms.RadioSelect,
        initial="coach",
    )
    coach = forms.CharField(
        label="The other coach's username",
        max_length=USERNAME_MAX,
        required=False,
        help_text="Their login's username; they are told, and see the runner at once.",
    )


@login_required
def transfer_runner(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Move the runner to another coach, or make them their own coach (their coach only)."""
    runner = coached_runner(request.user, handle, "move this runner")
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["to"] == "self":
                make_self_coached(runner, by=request.user)
                said = f"{runner.name} now coaches themself."
            else:
                to = transfer(runner, form.cleaned_data["coach"], by=request.user)
                said = f"{runner.name} is now coached by {to.name}."
        except InputError as e:
            for issue in e.issues:
                form.add_error("coach", issue.message)
        else:
            messages.success(request, said)
            return redirect("site:home")
    return render(request, "site/transfer.html", {"runner": runner, "form": form})


@login_required
def notices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coach's notices, newest first; posting marks them all read."""
    coach = require_coach(request.user, "read a coach's notices")
    if request.method == "POST":
        coach.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("site:notices")
    return render(request, "site/notices.html", {"notices": coach.notices.all()[:200]})


@login_required
def squad_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The coach's runners as CSV, with the dashboard's columns and its filters (the same query
    string as the dashboard's form)."""
    coach = require_coach(request.user, "export the squad")
    response = StreamingHttpResponse(
        squad.rows(coach, request.GET), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{squad.filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response
