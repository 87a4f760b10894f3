"""The plan editor's pages: the tree for every role, the office's forms, refusals and 403s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from performa.apps.administrations.access import Actor
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.plans.editing import node_seen
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt
from tests.apps.dashboards.conftest import CYCLE_URL, actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

TREE_URL = f"{CYCLE_URL}piano/"
PROTESTI = "01_01_0P06"
NODE_URL = f"{TREE_URL}nodi/{PROTESTI}/"
ROLES = ["controllo", "segretario", "dirigente", "referente", "oiv", "lettore"]
NOT_OFFICE = ROLES[1:]


def node_post(node: PlanNode, **changes: str) -> dict[str, str]:
    data = {
        "code": node.code,
        "name": node.name,
        "description": node.description,
        "weight": "" if node.weight is None else str(node.weight).replace(".", ","),
        "owner_unit": str(node.owner_unit_id or ""),
        "manager": str(node.manager_id or ""),
        "seen": node_seen(node),
    }
    data.update(changes)
    return data


def protesti(cycle: Cycle) -> PlanNode:
    return PlanNode.objects.get(cycle=cycle, code=PROTESTI)


# -- the tree --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_every_role_sees_the_tree_and_only_the_office_its_editor(
    cast: Cycle, client_as: Callable[[str], Client], username: str
) -> None:
    response = client_as(username).get(TREE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert PROTESTI in page
    assert "01_01_0P06_I01" in page  # the linked indicators
    assert '<td class="text-end">16,5</td>' in page  # a link weight, the Italian way
    assert 'aria-current="page">Piano<' in page
    assert (f"{TREE_URL}nodi/nuovo/" in page) is (username == "controllo")
    assert (NODE_URL in page) is (username == "controllo")


def test_the_tree_tab_is_in_the_cycle_navigation(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    page = client_as("lettore").get(CYCLE_URL).content.decode()
    assert f'href="{TREE_URL}"' in page


def test_an_outsider_administration_is_404(cast: Cycle, client_as: Callable[[str], Client]) -> None:
    client = client_as("controllo")
    assert client.get("/altro-ente/2024/piano/").status_code == 404
    assert client.post("/altro-ente/2024/piano/nodi/nuovo/", {"code": "X"}).status_code == 404
    assert client.get(f"{TREE_URL}nodi/NESSUNO/").status_code == 404


def test_the_tree_warns_of_mixed_weights_and_of_a_sum_other_than_100(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    page = client.get(TREE_URL).content.decode()
    assert "Pesi misti" not in page
    first = IndicatorLink.objects.filter(node__cycle=cast, node__code=PROTESTI).order_by("position")
    first.filter(indicator__code="01_01_0P06_I01").update(weight=Decimal("26.5"))
    page = client.get(TREE_URL).content.decode()
    assert "La somma dei pesi è 110 e non 100" in page
    assert "peso × 100 / 110" in page
    first.filter(indicator__code="01_01_0P06_I02").update(weight=None)
    page = client.get(TREE_URL).content.decode()
    assert "Pesi misti: 5 voci hanno un peso e 1 no" in page
    assert "si ferma con un errore" in page
    assert "I punteggi non si possono calcolare" in page


def test_the_node_page_sums_and_checks_its_link_weights(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    page = client.get(NODE_URL).content.decode()
    assert "Somma dei pesi" in page
    assert "<strong>100</strong>" in page
    assert "weight-warning" not in page
    IndicatorLink.objects.filter(node__code=PROTESTI, indicator__code="01_01_0P06_I06").update(
        weight=Decimal("6.7")
    )
    page = client.get(NODE_URL).content.decode()
    assert "<strong>90</strong>" in page
    assert "La somma dei pesi è 90 e non 100" in page


def test_the_tree_says_a_plain_mean_ignores_weights(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    page = client_as("lettore").get(TREE_URL).content.decode()
    assert "si calcola come media semplice: i pesi qui non cambiano il punteggio" in page


# -- permissions on the editor ---------------------------------------------------------------


@pytest.mark.parametrize("username", NOT_OFFICE)
def test_other_roles_get_403_on_every_editor_page_and_forged_post(
    cast: Cycle, client_as: Callable[[str], Client], username: str
) -> None:
    client = client_as(username)
    node = protesti(cast)
    assert client.get(NODE_URL).status_code == 403
    assert client.get(f"{TREE_URL}nodi/nuovo/").status_code == 403
    assert client.get(f"{TREE_URL}indicatori/nuovo/").status_code == 403
    assert client.post(NODE_URL, node_post(node, name="Forzato")).status_code == 403
    assert client.post(f"{NODE_URL}eliminazione/", {"cascade": "on"}).status_code == 403
    assert client.post(f"{NODE_URL}indicatori/01_01_0P06_I01/", {"weight": "50"}).status_code == 403
    assert client.post(f"{NODE_URL}indicatori/01_01_0P06_I01/rimozione/").status_code == 403
    assert (
        client.post(f"{TREE_URL}anteprima/", {"node": PROTESTI, "weight": "5"}).status_code == 403
    )
    assert protesti(cast).name == node.name
    assert IndicatorLink.objects.filter(node=node).count() == 6


def test_the_office_in_monitoring_without_an_open_revision_may_not_edit(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    office = actor_as("controllo")
    plan_version_adopt(
        actor=office, cycle=cast, act_reference="Delibera n. 5", act_on=date(2024, 1, 30)
    )
    Cycle.objects.filter(pk=cast.pk).update(state=CycleState.MONITORING)
    client = client_as("controllo")
    page = client.get(TREE_URL).content.decode()
    assert "Il piano non è modificabile ora" in page
    assert NODE_URL not in page
    assert client.get(NODE_URL).status_code == 403
    assert client.post(NODE_URL, node_post(protesti(cast), name="Forzato")).status_code == 403
    plan_revision_open(
        actor=office,
        cycle=cast,
        act_reference="Delibera n. 48",
        act_on=date(2024, 6, 15),
        reason="x",
    )
    assert client.get(NODE_URL).status_code == 200
    assert "variazione n. 2" in client.get(TREE_URL).content.decode()


# -- the office's forms ----------------------------------------------------------------------


def test_the_office_creates_a_node_under_a_parent(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    page = client.get(f"{TREE_URL}nodi/nuovo/?sotto=01_01").content.decode()
    assert "Nuovo nodo sotto 01_01" in page
    assert "Il nuovo nodo sarà di livello «Obiettivo operativo»" in page
    response = client.post(
        f"{TREE_URL}nodi/nuovo/",
        {"parent": "01_01", "code": "01_01_NEW", "name": "Nuovo", "weight": "12,5"},
    )
    assert response.status_code == 302
    created = PlanNode.objects.get(cycle=cast, code="01_01_NEW")
    assert created.weight == Decimal("12.5")
    assert created.parent is not None
    assert created.parent.code == "01_01"
    assert AuditEntry.objects.filter(cycle=cast, action="plan_node_create").exists()


def test_a_refused_node_shows_the_message_on_its_field(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(
        f"{TREE_URL}nodi/nuovo/", {"code": "01_01", "name": "Doppio", "weight": "12,5,3"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "non è un numero" in page
    response = client_as("controllo").post(
        f"{TREE_URL}nodi/nuovo/", {"code": "01_01", "name": "Doppio"}
    )
    assert response.status_code == 400
    assert "già usato da un altro nodo" in response.content.decode()
    assert 'id="id_code_error"' in response.content.decode()


def test_the_office_edits_a_node_with_an_italian_decimal(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    node = protesti(cast)
    assert client.get(NODE_URL).status_code == 200
    response = client.post(NODE_URL, node_post(node, name="Protesti (rinominato)", weight="7,25"))
    assert response.status_code == 302
    node.refresh_from_db()
    assert (node.name, node.weight) == ("Protesti (rinominato)", Decimal("7.25"))


def test_a_stale_node_form_is_refused_and_shows_the_current_values(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    node = protesti(cast)
    loaded = node_post(node, name="Versione di Anna")
    PlanNode.objects.filter(pk=node.pk).update(name="Versione di Bruno")
    response = client.post(NODE_URL, loaded)
    assert response.status_code == 409
    page = response.content.decode()
    assert "è stato modificato da qualcun altro" in page
    assert "Versione di Bruno" in page  # the current value shown
    assert 'value="Versione di Anna"' in page  # the typed value kept
    assert protesti(cast).name == "Versione di Bruno"


def test_the_office_moves_and_deletes_a_node(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    node = protesti(cast)
    response = client.post(f"{NODE_URL}spostamento/", {"parent": "02", "seen": node_seen(node)})
    assert response.status_code == 400
    assert "non può stare sotto" in response.content.decode()
    response = client.post(
        f"{NODE_URL}spostamento/", {"parent": "01_01", "position": "1", "seen": node_seen(node)}
    )
    assert response.status_code == 302
    assert protesti(cast).parent_id == PlanNode.objects.get(cycle=cast, code="01_01").pk
    page = client.get(f"{NODE_URL}eliminazione/").content.decode()
    assert "Ha 6 indicatori collegati" in page
    assert client.post(f"{NODE_URL}eliminazione/", {"reason": "doppione"}).status_code == 302
    assert not PlanNode.objects.filter(cycle=cast, code=PROTESTI).exists()
    assert Indicator.objects.filter(cycle=cast, code="01_01_0P06_I01").exists()


def test_deleting_a_parent_without_the_cascade_is_refused_on_the_page(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(f"{TREE_URL}nodi/02_01/eliminazione/", {})
    assert response.status_code == 400
    assert "nodi sotto di sé" in response.content.decode()
    assert PlanNode.objects.filter(cycle=cast, code="02_01").exists()


def test_the_office_links_reweights_and_unlinks_an_indicator(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    url = f"{TREE_URL}nodi/01_01_0501/indicatori/"
    assert client.post(url, {"indicator": "01_01_0P06_I01", "weight": "10,5"}).status_code == 302
    link = IndicatorLink.objects.get(node__code="01_01_0501", indicator__code="01_01_0P06_I01")
    assert link.weight == Decimal("10.5")
    response = client.post(url, {"indicator": "01_01_0P06_I01", "weight": "1"})
    assert response.status_code == 400
    assert "già collegato" in response.content.decode()
    response = client.post(f"{url}01_01_0P06_I01/", {"weight": "20", "seen": "vecchio"})
    assert response.status_code == 409
    assert "10,5" in response.content.decode()
    from performa.apps.plans.editing import link_seen

    response = client.post(f"{url}01_01_0P06_I01/", {"weight": "20", "seen": link_seen(link)})
    assert response.status_code == 302
    assert IndicatorLink.objects.get(pk=link.pk).weight == 20
    assert client.post(f"{url}01_01_0P06_I01/rimozione/").status_code == 302
    assert not IndicatorLink.objects.filter(pk=link.pk).exists()


def test_the_office_creates_and_edits_an_indicator(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    response = client.post(
        f"{TREE_URL}indicatori/nuovo/",
        {
            "objective": PROTESTI,
            "code": "IND_NEW",
            "name": "Pratiche",
            "comparator": ">=",
            "target_value": "1.234,5",
            "baseline": "1000",
            "baseline_year": "2023",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == NODE_URL
    created = Indicator.objects.get(cycle=cast, code="IND_NEW")
    assert created.target_value == Decimal("1234.5")
    page = client.get(f"{TREE_URL}indicatori/IND_NEW/").content.decode()
    assert 'value="1234,5"' in page
    tree = client.get(TREE_URL).content.decode()
    assert "Indicatori non collegati" in tree
    assert f'href="{TREE_URL}indicatori/IND_NEW/"' in tree
    response = client.post(
        f"{TREE_URL}indicatori/IND_NEW/",
        {"code": "IND_NEW", "name": "Pratiche", "comparator": "entro", "seen": "x"},
    )
    assert response.status_code in (400, 409)
    from performa.apps.plans.editing import indicator_seen

    response = client.post(
        f"{TREE_URL}indicatori/IND_NEW/",
        {
            "code": "IND_NEW",
            "name": "Pratiche",
            "comparator": "entro",
            "seen": indicator_seen(created),
        },
    )
    assert response.status_code == 400
    assert "indica la scadenza" in response.content.decode()
    response = client.post(
        f"{TREE_URL}indicatori/IND_NEW/",
        {
            "code": "IND_NEW",
            "name": "Pratiche",
            "comparator": "entro",
            "target_due_on": "31/03/2024",
            "seen": indicator_seen(created),
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.comparator == "entro"
    assert created.target_due_on == date(2024, 3, 31)
    assert created.target_value is None
