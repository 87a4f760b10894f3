"""Every role against every action, in every state of the cycle: ``access.can`` and the pages.

The two tables below are the permission policy as tested; docs/permissions.md shows the same
tables and ``test_the_documented_matrix_is_the_tested_one`` keeps them equal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.administrations.access import Action, can
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, MonitoringPeriod, ValidationAct
from tests.access.cast import (
    ADMINISTRATION,
    ROLES,
    STATES,
    USERNAMES,
    YEAR,
    actor_of,
    demo_cycle_get,
    first_half,
    indicators_own_and_other,
    state_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"

# One row per action (and, for entering figures, per indicator: of the actor's own unit or of
# another). Each cell gives the answer in the states open / closed / validated: Y yes, - no.
CAN_MATRIX: Final = """
action                   office  secretary_general  manager  officer  oiv  viewer  outsider
view_cycle               YYY     YYY                YYY      YYY      YYY  YYY     ---
download_report          YYY     YYY                YYY      YYY      YYY  YYY     ---
enter_measurement:own    Y--     ---                Y--      Y--      ---  ---     ---
enter_measurement:other  Y--     ---                ---      ---      ---  ---     ---
review_measurement       YY-     ---                ---      ---      ---  ---     ---
override_score           YY-     ---                ---      ---      YY-  ---     ---
manage_periods           YY-     ---                ---      ---      ---  ---     ---
validate_cycle           ---     ---                ---      ---      YY-  ---     ---
view_audit               YYY     YYY                ---      ---      YYY  ---     ---
edit_plan                -Y-     ---                ---      ---      ---  ---     ---
view_appraisal           YYY     YYY                YYY      YYY      YYY  YYY     ---
manage_appraisals        YYY     ---                ---      ---      ---  ---     ---
conduct_appraisal        YYY     YYY                YYY      YYY      YYY  YYY     ---
propose_appraisal        ---     ---                ---      ---      YYY  ---     ---
respond_appraisal        YYY     YYY                YYY      YYY      YYY  YYY     ---
decide_appraisal_review  YYY     ---                ---      ---      YYY  ---     ---
view_appraisal_summary   YYY     YYY                ---      ---      YYY  ---     ---
edit_context             YY-     ---                ---      ---      ---  ---     ---
publish                  YYY     ---                ---      ---      ---  ---     ---
manage_api_tokens        YYY     ---                ---      ---      ---  ---     ---
"""

# The HTTP answer of each page (or forged POST) per role, in the states open / closed /
# validated. POSTs target the first-half period S1 (open only in the state "open").
HTTP_MATRIX: Final = """
endpoint             office       secretary_general  manager      officer      oiv          viewer       outsider     anonymous
GET detail           200/200/200  200/200/200        200/200/200  200/200/200  200/200/200  200/200/200  404/404/404  302/302/302
GET periods          200/200/200  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
POST period-open     400/302/400  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
POST period-close    302/400/400  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
POST period-deadline 302/302/400  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
GET validation       403/403/403  403/403/403        403/403/403  403/403/403  200/200/200  403/403/403  404/404/404  302/302/302
POST validation      403/403/403  403/403/403        403/403/403  403/403/403  302/302/400  403/403/403  404/404/404  302/302/302
GET context          200/200/200  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
GET staff            200/200/200  403/403/403        403/403/403  403/403/403  403/403/403  403/403/403  404/404/404  302/302/302
GET download         ---/---/200  ---/---/200        ---/---/200  ---/---/200  ---/---/200  ---/---/200  ---/---/404  ---/---/302
"""
"""Report downloads do not depend on the state: they are checked once, on the validated cycle."""


def _table(text: str) -> tuple[list[str], dict[str, list[str]]]:
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    if header[0] == "endpoint":
        return header[1:], {" ".join(row[:2]): row[2:] for row in rows}
    return header[1:], {row[0]: row[1:] for row in rows}


CAN_COLUMNS, CAN_ROWS = _table(CAN_MATRIX)
HTTP_COLUMNS, HTTP_ROWS = _table(HTTP_MATRIX)


def test_the_matrix_covers_every_action_and_every_role() -> None:
    actions = {row.split(":")[0] for row in CAN_ROWS}
    assert actions == {action.value for action in Action}
    assert tuple(CAN_COLUMNS) == ROLES


def _expected_can(row: str, role: str, state: str) -> bool:
    return CAN_ROWS[row][CAN_COLUMNS.index(role)][STATES.index(state)] == "Y"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("row", list(CAN_ROWS))
@pytest.mark.parametrize("role", ROLES)
def test_can_answers_as_the_matrix_says(role: str, row: str, state: str) -> None:
    cycle = demo_cycle_get()
    own, other = indicators_own_and_other(cycle)
    cycle = state_set(cycle, state)
    action = Action(row.split(":")[0])
    actor = actor_of(role)
    if action is Action.ENTER_MEASUREMENT:
        indicator = own if row.endswith(":own") else other
        allowed = can(actor, action, indicator=indicator, period=first_half(cycle))
    else:
        allowed = can(actor, action, cycle=cycle)
    assert allowed is _expected_can(row, role, state)


def _url(endpoint: str) -> str:
    base = f"/{ADMINISTRATION}/{YEAR}/"
    return (
        base
        + {
            "detail": "",
            "periods": "periodi/",
            "period-open": "periodi/S1/apertura/",
            "period-close": "periodi/S1/chiusura/",
            "period-deadline": "periodi/S1/scadenza/",
            "validation": "validazione/",
            "download": "relazione.html",
            "context": "contesto/",
            "staff": "contesto/personale/",
        }[endpoint]
    )


_POST_DATA: Final = {
    "period-deadline": {"deadline_on": "2024-07-31"},
    "validation": {
        "act_reference": "Verbale OIV n. 2/2025",
        "act_on": "2025-04-30",
        "text": "Validazione della Relazione sulla performance 2024.",
        "confirm": "on",
    },
}


def _client(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(username=USERNAMES[role]))
    return client


def _footprint(cycle: Cycle) -> tuple[object, ...]:
    """What a write would change: cycle state, periods, validation, audit entries."""
    periods = tuple(
        MonitoringPeriod.objects.filter(cycle=cycle)
        .order_by("code")
        .values_list("code", "is_open", "deadline_on")
    )
    return (
        Cycle.objects.get(pk=cycle.pk).state,
        periods,
        ValidationAct.objects.filter(cycle=cycle).count(),
        AuditEntry.objects.count(),
    )


_HTTP_CASES = [
    pytest.param(endpoint, role, state, id=f"{endpoint.replace(' ', '-')}-{role}-{state}")
    for endpoint in HTTP_ROWS
    for role in HTTP_COLUMNS
    for state in STATES
    if HTTP_ROWS[endpoint][HTTP_COLUMNS.index(role)].split("/")[STATES.index(state)] != "---"
]


@pytest.mark.parametrize(("endpoint", "role", "state"), _HTTP_CASES)
def test_each_page_answers_as_the_matrix_says(endpoint: str, role: str, state: str) -> None:
    cycle = state_set(demo_cycle_get(), state)
    method, name = endpoint.split()
    expected = int(HTTP_ROWS[endpoint][HTTP_COLUMNS.index(role)].split("/")[STATES.index(state)])
    before = _footprint(cycle)
    client = _client(role)
    if method == "POST":
        response = client.post(_url(name), _POST_DATA.get(name, {}))
    else:
        response = client.get(_url(name))
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accesso/")
    if method == "POST" and expected != 302:
        assert _footprint(cycle) == before, "a refused POST changed something"


def test_a_forged_post_from_another_administration_changes_nothing() -> None:
    cycle = state_set(demo_cycle_get(), "open")
    before = _footprint(cycle)
    client = _client("outsider")
    for name in ("period-open", "period-close", "period-deadline", "validation"):
        assert client.post(_url(name), _POST_DATA.get(name, {})).status_code == 404
    assert _footprint(cycle) == before


def _documented_rows(heading: str) -> dict[str, list[str]]:
    """The rows of the Markdown table under ``heading`` in docs/permissions.md."""
    text = DOCUMENT.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break  # the end of the first table
            continue
        if set(line) <= {"|", "-", " ", ":"}:
            continue
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


_SYMBOL = {"✓": "Y", "—": "-"}


def test_the_documented_matrix_is_the_tested_one() -> None:
    documented = _documented_rows("## What each role may do")
    header = documented.pop("Action")
    assert [re.sub(r"\W+", "_", cell.lower()).strip("_") for cell in header] == [
        "office",
        "secretary_general",
        "manager",
        "officer",
        "oiv",
        "viewer",
        "outsider",
    ]
    as_tested = {
        row: ["".join(_SYMBOL[mark] for mark in cell.split()) for cell in cells]
        for row, cells in documented.items()
    }
    assert as_tested == CAN_ROWS


def test_the_documented_pages_are_the_tested_ones() -> None:
    documented = _documented_rows("## What each page answers")
    documented.pop("Request")
    as_tested = {
        row: [cell.replace(" ", "").replace("—", "---") for cell in cells]
        for row, cells in documented.items()
    }
    assert as_tested == HTTP_ROWS
