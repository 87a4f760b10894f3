"""The cruscotto and the objective page, through Django's test client on the demo cycle."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.cycles.models import Cycle, CycleState, ValidationAct
from performa.apps.cycles.selectors import cycle_plan_and_scores
from performa.apps.cycles.snapshots import snapshot_of
from performa.apps.evaluations.services import override_set
from performa.apps.measurements.models import Measurement
from performa.reporting.score_table import score_items
from tests.apps.dashboards.conftest import CYCLE_URL

pytestmark = pytest.mark.django_db

DASHBOARD_URL = CYCLE_URL + "cruscotto/"
PROTESTI = "01_01_0P06"


def rows_of(page: str) -> list[str]:
    """The codes of the tree's rows, in order."""
    return re.findall(
        r'<tr class="depth-\d">\s*<th scope="row">\s*<span class="code">([^<]+)<', page
    )


def context_rows_of(page: str) -> list[str]:
    return re.findall(
        r'<tbody class="tree-node is-context">\s*<tr class="depth-\d">\s*<th scope="row">\s*'
        r'<span class="code">([^<]+)<',
        page,
    )


def test_the_dashboard_shows_the_entity_score_and_the_strategic_areas(client_as) -> None:
    response = client_as("lettore").get(DASHBOARD_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Performance di ente" in page
    assert "96,41\u00a0%" in page
    for percent in ("96,50\u00a0%", "95,43\u00a0%", "96,83\u00a0%"):
        assert percent in page
    assert "Semplificazione amministrativa ed e-government" in page
    assert "Consuntivo 2024" in page  # the final period is the default


def test_the_dashboard_tree_lists_areas_strategic_and_operational_objectives(
    client_as, demo_cycle: Cycle
) -> None:
    page = client_as("lettore").get(DASHBOARD_URL).content.decode()
    codes = rows_of(page)
    assert codes[:3] == ["01", "01_01", "01_01_UIC01"]
    assert len(codes) == demo_cycle.nodes.count()
    assert PROTESTI in codes


def test_statuses_show_as_colour_text_and_symbol(client_as) -> None:
    page = client_as("lettore").get(DASHBOARD_URL).content.decode()
    assert (
        '<span class="status-badge status-warning"><span aria-hidden="true">▲</span>PARZIALMENTE</span>'
        in page
    )
    assert (
        '<span class="status-badge status-good"><span aria-hidden="true">●</span>RAGGIUNTO</span>'
        in page
    )


def test_filtering_by_status_partly_achieved_returns_only_protesti(client_as) -> None:
    response = client_as("lettore").get(DASHBOARD_URL, {"stato": "partly_achieved"})
    page = response.content.decode()
    codes = rows_of(page)
    assert set(codes) - set(context_rows_of(page)) == {PROTESTI}
    assert codes == ["02", "02_01", PROTESTI]  # the match, under its ancestors as context
    assert "1 obiettivo corrisponde ai filtri" in page
    # the deviations narrow to Protesti's indicators too
    below = page.split('id="deviations-below"')[1].split('id="deviations-nd"')[0]
    assert set(re.findall(r'code=|obiettivi/([^/]+)/"', below)) - {""} == {PROTESTI}


def test_filtering_by_unit_and_manager_keeps_their_objectives(client_as) -> None:
    client = client_as("lettore")
    page = client.get(DASHBOARD_URL, {"unita": "PROMOZIONE"}).content.decode()
    matched = set(rows_of(page)) - set(context_rows_of(page))
    assert "01_01_0501" in matched
    assert "01_01_UIC01" not in matched  # the Segretario's, no unit
    page = client.get(DASHBOARD_URL, {"responsabile": "SG"}).content.decode()
    matched = set(rows_of(page)) - set(context_rows_of(page))
    assert "01_01_UIC01" in matched
    assert "01_01_0501" not in matched


def test_filtering_by_area_keeps_only_that_area(client_as) -> None:
    page = client_as("lettore").get(DASHBOARD_URL, {"area": "03"}).content.decode()
    codes = rows_of(page)
    assert codes[0] == "03"
    assert all(code.startswith("03") for code in codes)
    assert context_rows_of(page) == []


def test_an_unknown_filter_value_matches_nothing(client_as) -> None:
    page = client_as("lettore").get(DASHBOARD_URL, {"stato": "nonsense"}).content.decode()
    assert rows_of(page) == []
    assert "Nessun obiettivo corrisponde ai filtri scelti." in page


def test_with_htmx_the_filters_swap_only_the_results(client_as) -> None:
    response = client_as("lettore").get(
        DASHBOARD_URL,
        {"stato": "partly_achieved"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="dashboard-results",
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="dashboard-results">')
    assert "<html" not in page
    assert 'hx-swap-oob="true"' in page  # the status line read by screen readers
    assert "HX-Request" in response["Vary"]


def test_the_deviations_list_indicators_below_target_and_not_available(client_as) -> None:
    page = client_as("lettore").get(DASHBOARD_URL).content.decode()
    assert "Scostamenti" in page
    below = page.split('id="deviations-below"')[1].split('id="deviations-nd"')[0]
    not_available = page.split('id="deviations-nd"')[1].split('id="deviations-late"')[0]
    late = page.split('id="deviations-late"')[1]
    assert below.count("<tr>") > 20
    assert "FUORI TARGET" in below
    assert "DA VALUTARE" in not_available
    assert "Nessun valore in ritardo" in late


def test_the_period_selector_shows_another_period(client_as) -> None:
    page = client_as("lettore").get(DASHBOARD_URL, {"periodo": "S1"}).content.decode()
    assert "Risultati · Primo semestre 2024" in page
    assert 'value="S1" selected' in page


def test_the_drill_down_opens_and_closes_an_objective_with_htmx(client_as) -> None:
    client = client_as("lettore")
    url = f"{CYCLE_URL}obiettivi/{PROTESTI}/indicatori/"
    opened = client.get(url, {"aperto": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert opened.lstrip().startswith('<tbody class="tree-node')
    assert 'aria-expanded="true"' in opened
    assert "6 indicatori dell'obiettivo 01_01_0P06" in opened
    assert "98,59\u00a0%" in opened
    closed = client.get(url, {"aperto": "0"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-expanded="false"' in closed
    assert "drill-row" not in closed


def test_without_javascript_the_drill_down_leads_to_the_objective_page(client_as) -> None:
    response = client_as("lettore").get(f"{CYCLE_URL}obiettivi/{PROTESTI}/indicatori/")
    assert response.status_code == 302
    assert response["Location"] == f"{CYCLE_URL}obiettivi/{PROTESTI}/"


def test_the_objective_page_shows_indicators_scores_and_the_trace(client_as) -> None:
    response = client_as("lettore").get(f"{CYCLE_URL}obiettivi/{PROTESTI}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Protesti" in page
    assert "75,43\u00a0%" in page
    assert "PARZIALMENTE" in page
    assert "Come è calcolato" in page
    assert "Media ponderata" in page
    assert "16,50 × 98,59\u00a0%" in page  # the weighted sum, Italian numbers
    assert "Indicatori valutati" in page
    assert "media ponderata (weighted_mean)" in page  # the engine's own trace, in Italian too
    assert "Peso effettivo" in page
    # the viewer may neither intervene nor read the audit trail
    assert "Intervieni" not in page
    assert "Storico delle modifiche" not in page


def test_the_objective_page_offers_intervieni_and_history_to_the_office(client_as) -> None:
    page = client_as("controllo").get(f"{CYCLE_URL}obiettivi/{PROTESTI}/").content.decode()
    assert f"/interventi/{PROTESTI}/" in page
    assert "Storico delle modifiche" in page


def test_the_objective_page_of_an_area_lists_its_strategic_objectives(client_as) -> None:
    page = client_as("oiv").get(f"{CYCLE_URL}obiettivi/02/").content.decode()
    assert "Obiettivi che concorrono al punteggio" in page
    assert "95,43\u00a0%" in page
    assert "Media semplice" in page


def test_an_unknown_objective_or_the_entity_is_404(client_as) -> None:
    client = client_as("lettore")
    assert client.get(f"{CYCLE_URL}obiettivi/NOPE/").status_code == 404
    assert client.get(f"{CYCLE_URL}obiettivi/cciaa-pistoia-prato/").status_code == 404
    assert client.get("/cciaa-pistoia-prato/1999/cruscotto/").status_code == 404


def test_users_of_another_administration_get_404(cast: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    client = Client()
    client.force_login(outsider)
    assert client.get(DASHBOARD_URL).status_code == 404
    assert client.get(f"{CYCLE_URL}obiettivi/{PROTESTI}/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(cast: Cycle) -> None:
    response = Client().get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")


def test_the_cycle_navigation_links_the_dashboard_and_the_register_for_those_allowed(
    client_as,
) -> None:
    office = client_as("controllo").get(DASHBOARD_URL).content.decode()
    assert 'href="/cciaa-pistoia-prato/2024/cruscotto/" aria-current="page"' in office
    assert 'href="/cciaa-pistoia-prato/2024/registro/"' in office
    viewer = client_as("lettore").get(DASHBOARD_URL).content.decode()
    assert 'href="/cciaa-pistoia-prato/2024/registro/"' not in viewer


def test_a_validated_cycle_shows_the_figures_frozen_at_its_validation(
    client_as, cast: Cycle
) -> None:
    plan, scored = cycle_plan_and_scores(cycle=cast)
    ValidationAct.objects.create(
        administration=cast.administration,
        cycle=cast,
        act_reference="Verbale OIV n. 1",
        act_on=timezone.localdate(),
        text="Validata",
        validated_by=User.objects.get(username="oiv"),
        snapshot=snapshot_of(
            root=score_items(plan, scored),
            rules=plan.rules.to_settings(),
            taken_at=timezone.now(),
            period_code="FY",
        ),
    )
    Cycle.objects.filter(pk=cast.pk).update(state=CycleState.VALIDATED)
    # a later change below the service layer (say, a fix to the data) must not show
    figure = Measurement.objects.get(indicator__code="01_01_0P06_I05", period__code="FY")
    figure.value_number = Decimal(45)
    figure.save()
    live = cycle_plan_and_scores(cycle=Cycle.objects.get(pk=cast.pk))[1].node(PROTESTI)
    assert live.evaluated_percent is not None
    assert live.evaluated_percent > 80  # what a live computation would now show
    client = client_as("lettore")
    page = client.get(DASHBOARD_URL).content.decode()
    assert "congelati alla validazione" in page
    assert "96,41\u00a0%" in page
    assert "75,43\u00a0%" in page
    objective = client.get(f"{CYCLE_URL}obiettivi/{PROTESTI}/").content.decode()
    assert "congelati alla validazione" in objective
    assert "75,43\u00a0%" in objective
    row = objective.split('<span class="code">01_01_0P06_I05</span>')[1].split("</tr>")[0]
    assert '<td class="text-nowrap">12,00\u00a0N.</td>' in row  # the actual frozen with its score
    assert "26,67\u00a0%" in row
    # the first half was not frozen: it is computed as it stands
    assert "congelati" not in client.get(DASHBOARD_URL, {"periodo": "S1"}).content.decode()


def test_the_dashboard_shows_an_intervention_made_since_it_was_last_shown(
    client_as, cast: Cycle, actor_as
) -> None:
    """The cruscotto is cached per data version: a new evaluated score shows at once."""
    client = client_as("lettore")
    assert "12,34\u00a0%" not in client.get(DASHBOARD_URL).content.decode()
    override_set(
        actor=actor_as("controllo"),
        cycle=cast,
        code=PROTESTI,
        evaluated_percent=Decimal("12.34"),
        justification="Verifica dei dati di fonte",
    )
    assert "12,34\u00a0%" in client.get(DASHBOARD_URL).content.decode()
