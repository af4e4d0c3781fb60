"""Paper (issue 16, parts 2 and 3): the printable programme and the coach's report, as pages and
PDFs, read back with pypdf.

What the PDF says is compared with what the core computed for the same day (the advice's
foundation sessions, its profile, its guards), not with strings written here; the paper size with
the PDF's own media box (A4: 595 x 842 pt, Letter: 612 x 792 pt).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from insideout.catalogue.labels import load_labels
from insideout.core.screen import Need
from insideout.people.models import Coach, Runner
from insideout.screening.presenters import region_name, summary
from insideout.site.presenters import alert, dose
from insideout.site.printing import SIDES, fetcher, programme_pdf
from insideout.training import services
from insideout.training.advice import advice_for, holding
from insideout.training.models import CapChange, Clearance, GateOverride, PainReport
from tests.advice_builders import BALANCED
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_screen
from tests.integration.html import parse
from tests.integration.pdfs import A4, LETTER, size_of, text_of
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", load_labels().plain(text))


def get_pdf(client: Any, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    body: bytes = response.content
    assert body.startswith(b"%PDF-")
    return body


@pytest.fixture
def screened(ana: Runner) -> Runner:
    """Ana: a restricted left ankle, four weeks of runs and strength sessions."""
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana)
    return ana


# --- the printable programme -------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["runner", "coach"])
def test_the_programme_pdf_holds_each_exercise_with_its_dose_side_and_path(
    login: Any, screened: Runner, actor: str
) -> None:
    user = screened.user if actor == "runner" else screened.coach.user
    text = text_of(get_pdf(login(user), "/runners/ana/programme.pdf"))
    advice = advice_for(screened, TODAY)
    method = services.method()
    prescribed = {p for s in advice.foundation.sessions for p in s.exercises}
    assert prescribed  # a week with foundation work, or the loop below checks nothing
    for p in prescribed:
        ex = method.exercises[p.exercise]
        assert f"{ex.name} {dose(p)}" in text
        if p.side is not None:
            assert f"{ex.name} {dose(p)} · Side: {SIDES[p.side]}" in text
        assert words(ex.protocol[0]) in text
        for other in (ex.progression, ex.regression):
            if other is not None:
                assert method.exercises[other].name in text
    assert any(p.side == "left" for p in prescribed)  # the restricted left ankle's own work
    for session in advice.foundation.sessions:
        assert f"{session.date:%a %Y-%m-%d}" in text


def test_the_programme_pdf_gives_the_profile_in_the_pages_words(
    login: Any, screened: Runner
) -> None:
    text = text_of(get_pdf(login(screened.user), "/runners/ana/programme.pdf"))
    profile = advice_for(screened, TODAY).profile
    assert profile is not None
    assert f"Screen of {profile.date:%Y-%m-%d}: {summary(profile)}." in text
    needing = [r for r in profile.regions if r.need in (Need.MOBILITY, Need.STABILITY, Need.BOTH)]
    assert needing
    for r in needing:
        where = f"{r.side.value.capitalize()} {region_name(r.region)}"
        assert f"{where}: {load_labels().of('need', r.need.value)}." in text
        assert words(r.reason) in text


def test_the_programme_pdf_opens_with_the_guards_stop_first_then_what_holds(
    login: Any, screened: Runner
) -> None:
    PainReport.objects.create(runner=screened, date=TODAY - DAY, pain=4, site="shin",
                              red_flags=["night_pain"])  # fmt: skip
    text = text_of(get_pdf(login(screened.coach.user), "/runners/ana/programme.pdf"))
    advice = advice_for(screened, TODAY)
    found = alert(advice.phase, advice.decisions, advice.refer)
    assert found is not None
    held = holding(advice)
    assert held is not None
    guards, profile = text.index("Guards in force"), text.index("Profile")
    assert guards < text.index(found.title) < profile
    assert words(found.words) in text
    assert text.index(found.title) < text.index(load_labels().holds(held.rule, held.verdict.value))
    assert text.index("What holds the plan") < profile


def test_the_programme_of_a_runner_nothing_holds_says_so(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-06-01", [{"test": t, "side": s, "value": v}
                                    for t, v in BALANCED.items() for s in ("left", "right")]
                + [{"test": "beighton", "value": 2}])  # fmt: skip
    text = text_of(get_pdf(login(ana.user), "/runners/ana/programme.pdf"))
    advice = advice_for(ana, TODAY)
    held = holding(advice)
    if held is None:
        assert "Nothing holds the plan this week" in text
    else:  # a young foundation or the screen's age may hold it: then that is what is said
        assert load_labels().holds(held.rule, held.verdict.value) in text


def test_an_unscreened_runner_gets_a_programme_that_asks_for_the_screen(
    login: Any, ana: Runner
) -> None:
    text = text_of(get_pdf(login(ana.user), "/runners/ana/programme.pdf"))
    assert "No screen yet" in text
    assert "Guards in force" in text


@pytest.mark.parametrize(("paper", "size"), [(None, A4), ("a4", A4), ("A4", A4),
                                              ("letter", LETTER), ("Letter", LETTER)])  # fmt: skip
def test_the_paper_is_a4_unless_letter_is_asked(
    login: Any, screened: Runner, paper: str | None, size: tuple[int, int]
) -> None:
    query = "" if paper is None else f"?paper={paper}"
    pdf = get_pdf(login(screened.user), f"/runners/ana/programme.pdf{query}")
    assert size_of(pdf) == size
    report = get_pdf(login(screened.coach.user), f"/runners/ana/report.pdf{query}")
    assert size_of(report) == size


def test_programme_pdf_the_function_gives_the_same_document(screened: Runner) -> None:
    pdf = programme_pdf(screened, TODAY, paper="letter")
    assert size_of(pdf) == LETTER
    assert "foundation programme" in text_of(pdf)


def test_the_print_view_page_shows_the_programme_and_links_both_papers(
    login: Any, screened: Runner
) -> None:
    response = login(screened.user).get("/runners/ana/programme/?paper=letter")
    assert response.status_code == 200
    html = response.content.decode()
    assert "insideout/paper-letter.css" in html
    assert 'href="/runners/ana/programme.pdf?paper=a4"' in html
    assert 'href="/runners/ana/programme.pdf?paper=letter"' in html
    advice = advice_for(screened, TODAY)
    first = advice.foundation.sessions[0].exercises[0]
    assert services.method().exercises[first.exercise].name in parse(html).visible


def test_the_runner_page_links_the_programme_and_the_coach_the_report(
    login: Any, screened: Runner
) -> None:
    mine = login(screened.user).get("/runners/ana/").content.decode()
    assert 'href="/runners/ana/programme.pdf"' in mine
    assert "Print programme (PDF)" in mine
    assert 'href="/runners/ana/report/"' not in mine
    coach = login(screened.coach.user).get("/runners/ana/").content.decode()
    assert 'href="/runners/ana/report/"' in coach


def test_what_a_runner_typed_is_printed_as_text_and_fetches_nothing(
    login: Any, screened: Runner
) -> None:
    screened.name = '<img src="http://127.0.0.1:9/x.png">Ana'
    screened.save()
    text = text_of(get_pdf(login(screened.user), "/runners/ana/programme.pdf"))
    assert '<img src="http://127.0.0.1:9/x.png">Ana: foundation programme' in text


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/passwd"]
)
def test_the_pdfs_fetcher_opens_no_address_only_inline_data(url: str) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher()(url)
    inline = fetcher()("data:text/plain;base64,aGk=")
    assert inline.read() == b"hi"


# --- access and bad input ------------------------------------------------------------------------

PATHS = ["programme/", "programme.pdf", "report/", "report.pdf"]


@pytest.mark.parametrize("path", PATHS)
def test_another_runner_and_another_coach_are_answered_404_as_if_not_there(
    login: Any, client: Any, ana: Runner, ben: Runner, other_coach: Coach, path: str
) -> None:
    for user in (ben.user, other_coach.user):
        client.logout()
        assert login(user).get(f"/runners/ana/{path}").status_code == 404
    assert login(ana.coach.user).get(f"/runners/nobody/{path}").status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_is_sent_to_log_in(client: Any, ana: Runner, path: str) -> None:
    response = client.get(f"/runners/ana/{path}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"]


@pytest.mark.parametrize("path", PATHS)
def test_the_runner_themself_and_their_coach_may_read_each(
    login: Any, client: Any, ana: Runner, path: str
) -> None:
    for user in (ana.user, ana.coach.user):
        client.logout()
        assert login(user).get(f"/runners/ana/{path}").status_code == 200


BAD = [
    ("paper", "legal"),
    ("paper", ""),
    ("paper", "a4<script>alert(1)</script>"),
    ("paper", "x" * 5000),
    ("weeks", "0"),
    ("weeks", "53"),
    ("weeks", "-1"),
    ("weeks", "8.5"),
    ("weeks", "eight"),
    ("weeks", "٣"),  # a digit, but not an ASCII one
    ("weeks", "9" * 5000),
]


@pytest.mark.parametrize(("field", "value"), BAD)
@pytest.mark.parametrize("path", ["report/", "report.pdf"])
def test_a_bad_query_value_is_a_400_naming_it(
    login: Any, ana: Runner, path: str, field: str, value: str
) -> None:
    response = login(ana.coach.user).get(f"/runners/ana/{path}", {field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{field}: expected " in html
    assert "<script>alert" not in html
    assert len(html) < 20_000  # the bad value is echoed cut short


@pytest.mark.parametrize(("field", "value"), [b for b in BAD if b[0] == "paper"])
@pytest.mark.parametrize("path", ["programme/", "programme.pdf"])
def test_a_bad_paper_for_the_programme_is_a_400_too(
    login: Any, ana: Runner, path: str, field: str, value: str
) -> None:
    response = login(ana.user).get(f"/runners/ana/{path}", {field: value})
    assert response.status_code == 400
    assert "paper: expected a4 or letter" in response.content.decode()


def test_a_stranger_with_a_bad_query_gets_the_404_not_the_400(
    login: Any, ana: Runner, zoe: Runner
) -> None:
    assert login(zoe.user).get("/runners/ana/report/", {"weeks": "0"}).status_code == 404


@pytest.mark.parametrize(("weeks", "first"), [("1", "2026-10-07"), ("52", "2025-10-15")])
def test_the_weeks_bounds_are_accepted(login: Any, ana: Runner, weeks: str, first: str) -> None:
    response = login(ana.coach.user).get("/runners/ana/report/", {"weeks": weeks})
    assert response.status_code == 200
    assert f"{first} to 2026-10-13" in response.content.decode()


def test_a_chart_with_a_bad_weeks_is_a_400(login: Any, ana: Runner) -> None:
    response = login(ana.coach.user).get("/runners/ana/charts/weekly.svg", {"weeks": "99"})
    assert response.status_code == 400


# --- the coach's report ----------------------------------------------------------------------------


def ktw(left: float, right: float = 11.0) -> list[dict[str, Any]]:
    """Both ankles and every other test balanced: only the left ankle may need work."""
    out = [{"test": t, "side": s, "value": v} for t, v in BALANCED.items()
           if t != "knee_to_wall" for s in ("left", "right")]  # fmt: skip
    return out + [
        {"test": "knee_to_wall", "side": "left", "value": left},
        {"test": "knee_to_wall", "side": "right", "value": right},
        {"test": "beighton", "value": 2},
    ]


def change_row(html: str) -> str:
    """The row of the left ankle's knee-to-wall in the report's table of changes, as text."""
    rows = re.findall(r'<tr class="change-[a-z_]+">.*?</tr>', html, re.S)
    restricted = load_labels().rule("knee_to_wall.restricted")
    (row,) = [r for r in rows if "Knee-to-wall" in r and ", left" in r and restricted in r]
    return re.sub(r"<[^>]+>", " ", row)


@pytest.mark.parametrize(
    ("left", "verdict"),
    [
        (9.9, "no change: within the measurement error of 1.9 cm"),  # exactly the error
        (10.0, "improved: more than the measurement error of 1.9 cm"),  # just beyond
    ],
)
def test_the_report_calls_a_change_only_beyond_the_measurement_error(
    login: Any, ana: Runner, left: float, verdict: str
) -> None:
    make_screen(ana, "2026-08-01", ktw(8.0))
    make_screen(ana, "2026-10-01", ktw(left))
    html = login(ana.coach.user).get("/runners/ana/report/?weeks=12").content.decode()
    row = change_row(html)
    assert "8 cm" in row and f"{left:g} cm" in row
    assert verdict in row
    assert "EV-KTW-MDC" in row
    assert "Left foot/ankle" in html and "balance restored" in html


def test_the_report_calls_no_change_where_no_measurement_error_is_known(
    login: Any, ana: Runner
) -> None:
    before = [m for m in ktw(11.0) if m["test"] != "hip_internal_rotation"]
    before += [{"test": "hip_internal_rotation", "side": "left", "value": 20},
               {"test": "hip_internal_rotation", "side": "right", "value": 35}]  # fmt: skip
    after = [dict(m, value=40) if m.get("test") == "hip_internal_rotation" and m["side"] == "left"
             else m for m in before]  # fmt: skip
    make_screen(ana, "2026-09-01", before)
    make_screen(ana, "2026-10-01", after)
    html = login(ana.user).get("/runners/ana/report/").content.decode()
    assert "no measurement error known: not called a change" in html
    assert "IO-NO-ERROR-MARGIN" in html
    assert "improved:" not in html


def test_the_report_with_one_screen_says_there_is_nothing_to_compare(
    login: Any, ana: Runner
) -> None:
    make_screen(ana, "2026-10-01", ktw(8.0))
    html = login(ana.coach.user).get("/runners/ana/report/").content.decode()
    assert "One screen only (of 2026-10-01)" in html


def test_the_report_shows_load_against_the_caps_pain_and_who_decided_what(
    login: Any, ana: Runner
) -> None:
    weeks_of_running(ana, 4)
    run(ana, TODAY - 3 * DAY, 20.0, pain_during=3.0, pain_site="knee")  # a spike, and pain
    coach = ana.coach
    CapChange.objects.create(runner=ana, changed_by=coach.user, new_pct=8.0,
                             reason="returning after a calf strain")  # fmt: skip
    GateOverride.objects.create(runner=ana, date=TODAY - 5 * DAY, verdict="lock",
                                reason="cadence drills later", created_by=coach.user)  # fmt: skip
    Clearance.objects.create(runner=ana, date=TODAY - 20 * DAY, by="physiotherapist",
                             reason="the knee is fine", created_by=coach.user)  # fmt: skip
    html = login(coach.user).get("/runners/ana/report/").content.decode()
    text = parse(html).visible
    # five weeks with running (the records' first week is judged on nothing before it, and its
    # runs are taken as they are: IO-PLAN-ABSORBED); the one run over its limit is the spike
    assert "1 of 5 weeks over the weekly cap; 1 run over its limit." in text
    assert "20.0 km, limit 8.8 km" in text
    assert re.search(r"<td>2026-10-07</td><td>3</td><td>knee 3</td><td>\d+</td>", html), html
    assert "<td>2026-08-19</td><td>—</td><td></td><td>0</td>" in html  # no answer that week
    assert "set to 8% by Coach Coach: returning after a calf strain" in text
    assert "lock by Coach Coach: cadence drills later" in text
    assert "cleared by a physiotherapist, recorded by Coach Coach: the knee is fine" in text
    assert 'src="/runners/ana/charts/weekly.svg?weeks=8"' in html


def test_the_charts_mark_what_is_over_its_cap_by_shape_not_by_colour_alone(
    login: Any, ana: Runner
) -> None:
    weeks_of_running(ana, 4)
    run(ana, TODAY - 3 * DAY, 20.0)  # a week over the weekly cap, a run over its limit
    client = login(ana.coach.user)
    weekly = client.get("/runners/ana/charts/weekly.svg?weeks=8").content.decode()
    assert "<pattern" in weekly  # the hatching of the week over its cap
    runs = client.get("/runners/ana/charts/long-runs.svg?weeks=8").content.decode()
    assert "over its limit" in runs  # its own marker, with its legend


def test_the_report_pdf_holds_its_sections_and_the_charts_inline(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-08-01", ktw(8.0))
    make_screen(ana, "2026-10-01", ktw(10.0))
    weeks_of_running(ana, 4)
    pdf = get_pdf(login(ana.coach.user), "/runners/ana/report.pdf?weeks=10")
    text = text_of(pdf)
    for heading in ("Screens: balance per region and side", "Load against the caps", "Pain",
                    "Decisions and who took them", "Charts"):  # fmt: skip
        assert heading in text
    assert "report of the last 10 weeks" in text
    assert "balance restored" in text
    assert "Weekly distance and the weekly cap" in text  # the chart's own title, drawn inline
    assert b"/Subtype /Image" in pdf or b"/Subtype /Form" in pdf
