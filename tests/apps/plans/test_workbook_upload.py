"""The plan workbook pages: download, upload with a preview of the changes, apply."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from performa.apps.administrations.access import Actor
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from performa.apps.plans.versions import plan_structure_for, plan_version_adopt
from performa.scoring.model import Comparator, Target
from performa.workbook.compare import plan_changes
from performa.workbook.data import IndicatorRow, LinkRow, PlanData, UnitRow, YearTarget
from performa.workbook.reader import read_workbook
from performa.workbook.writer import write_workbook
from tests.apps.dashboards.conftest import CYCLE_URL, actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

BASE = f"{CYCLE_URL}piano/cartella/"
PROTESTI = "01_01_0P06"
NEW_INDICATOR = "01_01_0P06_I99"
NOT_OFFICE = ["segretario", "dirigente", "referente", "oiv", "lettore"]


def xlsx(plan: PlanData) -> bytes:
    buffer = io.BytesIO()
    write_workbook(plan, buffer)
    return buffer.getvalue()


def upload(client: Client, content: bytes, name: str = "piano.xlsx") -> tuple[int, str]:
    response = client.post(f"{BASE}caricamento/", {"workbook": SimpleUploadedFile(name, content)})
    return response.status_code, response.content.decode()


def token_of(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found is not None, "no apply form on the page"
    return found.group(1)


def footprint(cycle: Cycle) -> tuple[object, ...]:
    return (
        Cycle.objects.get(pk=cycle.pk).data_version,
        AuditEntry.objects.count(),
        PlanNode.objects.filter(cycle=cycle).count(),
        Indicator.objects.filter(cycle=cycle).count(),
        IndicatorLink.objects.filter(node__cycle=cycle).count(),
    )


def modified(plan: PlanData) -> tuple[PlanData, LinkRow]:
    """``plan`` with Protesti's weight changed, a new indicator linked to it, a link removed."""
    nodes = tuple(
        dataclasses.replace(node, weight=Decimal("7.5")) if node.code == PROTESTI else node
        for node in plan.nodes
    )
    assert any(node.code == PROTESTI and node.weight != Decimal("7.5") for node in plan.nodes)
    removed = next(link for link in plan.links if link.objective_code == PROTESTI)
    new_indicator = IndicatorRow(
        code=NEW_INDICATOR,
        name="Pratiche evase entro 10 giorni",
        target=Target(Comparator.AT_LEAST, value=Decimal("80")),
        unit="%",
        baseline=Decimal("70"),
        baseline_year=2023,
    )
    links = tuple(link for link in plan.links if link != removed) + (
        LinkRow(objective_code=PROTESTI, indicator_code=NEW_INDICATOR, weight=Decimal("10")),
    )
    return (
        dataclasses.replace(
            plan, nodes=nodes, indicators=(*plan.indicators, new_indicator), links=links
        ),
        removed,
    )


# -- downloads -------------------------------------------------------------------------------


def test_the_office_downloads_the_live_plan_and_an_empty_template(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    page = client.get(BASE)
    assert page.status_code == 200
    assert f'href="{BASE}piano.xlsx"' in page.content.decode()

    response = client.get(f"{BASE}piano.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="piano-cciaa-pistoia-prato-2024.xlsx"'
    )
    read = read_workbook(io.BytesIO(response.content))
    assert read.plan is not None
    assert plan_changes(plan_structure_for(cycle=cast), read.plan).is_empty
    assert read.plan.measurements == ()

    template = read_workbook(io.BytesIO(client.get(f"{BASE}modello.xlsx").content))
    live = plan_structure_for(cycle=cast)
    assert template.plan is not None, [str(error) for error in template.errors]
    assert template.plan.nodes == ()
    assert template.plan.indicators == ()
    assert template.plan.levels == live.levels
    assert template.plan.periods == live.periods
    assert (template.plan.cycle.administration_code, template.plan.cycle.year) == (
        "cciaa-pistoia-prato",
        2024,
    )


def test_the_downloaded_plan_uploaded_unchanged_changes_nothing(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    content = client.get(f"{BASE}piano.xlsx").content
    before = footprint(cast)
    status, page = upload(client, content)
    assert status == 200
    assert "Nessuna modifica" in page
    assert "Applica le modifiche" not in page
    assert footprint(cast) == before


# -- preview and apply -----------------------------------------------------------------------


def test_a_modified_workbook_is_previewed_then_applied_through_the_editor(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    wanted, removed = modified(plan_structure_for(cycle=cast))
    before = footprint(cast)
    entries = AuditEntry.objects.count()

    status, page = upload(client, xlsx(wanted))
    assert status == 200
    assert footprint(cast) == before  # a preview writes nothing
    assert f"Obiettivo {PROTESTI}: peso da" in page
    assert "a 7,5" in page
    assert f"Indicatore {NEW_INDICATOR} aggiunto" in page
    assert f"Collegamento {PROTESTI} → {NEW_INDICATOR} aggiunto" in page
    assert f"Collegamento {PROTESTI} → {removed.indicator_code} rimosso" in page
    assert "Applica le modifiche" in page
    assert "Non applicabili da qui" not in page

    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 302
    assert response["Location"] == f"{CYCLE_URL}piano/"
    assert plan_changes(plan_structure_for(cycle=cast), wanted).is_empty
    node = PlanNode.objects.get(cycle=cast, code=PROTESTI)
    assert node.weight == Decimal("7.5")
    assert not IndicatorLink.objects.filter(
        node=node, indicator__code=removed.indicator_code
    ).exists()
    assert IndicatorLink.objects.get(node=node, indicator__code=NEW_INDICATOR).weight == 10
    actions = list(AuditEntry.objects.order_by("pk")[entries:].values_list("action", "reason"))
    assert sorted(action for action, _reason in actions) == [
        "indicator_create",
        "indicator_link_create",
        "indicator_link_delete",
        "plan_node_update",
    ]
    assert all(reason for _action, reason in actions)

    # The preview's file is gone: applying twice is refused, and changes nothing more.
    after = footprint(cast)
    again = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert again.status_code == 400
    assert "ricarica il file" in again.content.decode()
    assert footprint(cast) == after


def test_new_and_removed_nodes_are_applied_top_down_and_bottom_up(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    live = plan_structure_for(cycle=cast)
    protesti = next(node for node in live.nodes if node.code == PROTESTI)
    # Protesti and everything under it go; a new objective in its place, with a child.
    doomed = {PROTESTI}
    for node in live.nodes:
        if node.parent_code in doomed:
            doomed.add(node.code)
    levels = [level.key for level in sorted(live.levels, key=lambda level: level.depth)]
    depth = levels.index(protesti.level)
    new_parent = dataclasses.replace(protesti, code="NEW_OBJ", name="Nuovo obiettivo")
    nodes = [node for node in live.nodes if node.code not in doomed] + [new_parent]
    if depth + 1 < len(levels):
        nodes.append(
            dataclasses.replace(
                protesti,
                code="NEW_OBJ_A",
                parent_code="NEW_OBJ",
                level=levels[depth + 1],
                name="Nuova azione",
                weight=None,
            )
        )
    wanted = dataclasses.replace(
        live,
        nodes=tuple(nodes),
        links=tuple(link for link in live.links if link.objective_code not in doomed),
        assignments=tuple(a for a in live.assignments if a.objective_code not in doomed),
    )
    status, page = upload(client, xlsx(wanted))
    assert status == 200, page
    assert "Non applicabili da qui" not in page  # the assignments go with their objectives
    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 302, response.content.decode()
    assert plan_changes(plan_structure_for(cycle=cast), wanted).is_empty
    assert not PlanNode.objects.filter(cycle=cast, code=PROTESTI).exists()


def test_a_move_a_target_and_later_targets_are_applied(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    live = plan_structure_for(cycle=cast)
    indicator = live.indicators[0]
    changed = dataclasses.replace(
        indicator,
        target=Target(Comparator.AT_LEAST, value=Decimal("6")),
        later_targets=(
            YearTarget(2025, Target(Comparator.AT_LEAST, value=Decimal("7"))),
            YearTarget(2026, Target(Comparator.AT_LEAST, value=Decimal("8"))),
        ),
    )
    wanted = dataclasses.replace(
        live,
        nodes=tuple(
            dataclasses.replace(node, parent_code="01_02") if node.code == "01_01_OP01" else node
            for node in live.nodes
        ),
        indicators=tuple(changed if row == indicator else row for row in live.indicators),
    )
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    assert "Obiettivo 01_01_OP01: spostato sotto 01_02 (prima 01_01)" in page
    assert f"Indicatore {indicator.code}: target da 4 a 6" in page
    assert f"Indicatore {indicator.code}: target 2026 da — a 8" in page
    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 302, response.content.decode()
    assert plan_changes(plan_structure_for(cycle=cast), wanted).is_empty
    moved = PlanNode.objects.select_related("parent").get(cycle=cast, code="01_01_OP01")
    assert moved.parent is not None
    assert moved.parent.code == "01_02"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"plan_node_move", "indicator_update", "year_targets_set"} <= actions


def test_a_new_node_of_an_unknown_unit_applies_nothing(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    live = plan_structure_for(cycle=cast)
    template = next(node for node in live.nodes if node.code == "01_01_OP01")
    wanted, _removed = modified(live)
    wanted = dataclasses.replace(
        wanted,
        nodes=(
            *wanted.nodes,
            dataclasses.replace(template, code="01_01_OP99", owner_unit="NESSUNA"),
        ),
        units=(*wanted.units, UnitRow(code="NESSUNA", name="Unità nuova")),
    )
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    assert "Non applicabili da qui" in page  # the unit itself
    before = footprint(cast)
    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 400
    assert "NESSUNA non esiste" in html.unescape(response.content.decode())
    assert footprint(cast) == before  # the other changes were rolled back too
    assert not Indicator.objects.filter(cycle=cast, code=NEW_INDICATOR).exists()


def test_changes_the_editor_cannot_make_are_listed_and_left_alone(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    live = plan_structure_for(cycle=cast)
    unit = live.units[0]
    wanted = dataclasses.replace(
        live,
        units=tuple(
            dataclasses.replace(row, name="Area rinominata") if row == unit else row
            for row in live.units
        ),
    )
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    assert "Non applicabili da qui" in page
    assert f"Unità organizzativa {unit.code}: nome da" in page
    assert "Applica le modifiche" not in page  # nothing the editor could apply


# -- refusals --------------------------------------------------------------------------------


def test_a_malformed_workbook_lists_located_errors_and_changes_nothing(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    book = openpyxl.load_workbook(io.BytesIO(xlsx(plan_structure_for(cycle=cast))))
    sheet = book["indicators"]
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    column = next(cell.column_letter for cell in header if cell.value == "target")
    sheet[f"{column}2"] = "abc"
    buffer = io.BytesIO()
    book.save(buffer)
    before = footprint(cast)
    status, page = upload(client, buffer.getvalue())
    assert status == 400
    assert f"riga 2, colonna «target» ({column}2)" in page  # the sheet has its own column
    assert "«abc» non è un numero; scrivi ad esempio 350 o 350,5" in page
    assert "nessuna modifica è stata fatta" in page
    assert "Applica le modifiche" not in page
    assert footprint(cast) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("piano.txt", b"codice;nome\n"), ("piano.xlsx", b"not a zip at all"), ("piano.xlsx", b"")],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(
    cast: Cycle, client_as: Callable[[str], Client], name: str, content: bytes
) -> None:
    before = footprint(cast)
    status, page = upload(client_as("controllo"), content, name)
    assert status == 400
    assert "non è una cartella di lavoro Excel" in page or "Scegli il file" in page
    assert footprint(cast) == before


def test_a_workbook_too_large_is_refused(cast: Cycle, client_as: Callable[[str], Client]) -> None:
    status, page = upload(client_as("controllo"), b"PK\x03\x04" + b"0" * (5 * 1024 * 1024))
    assert status == 400
    assert "troppo grande" in page


def test_a_workbook_of_another_year_is_refused(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    live = plan_structure_for(cycle=cast)
    other = dataclasses.replace(live, cycle=dataclasses.replace(live.cycle, year=2025))
    before = footprint(cast)
    status, page = upload(client_as("controllo"), xlsx(other))
    assert status == 400
    assert "2025" in page
    assert "non di questo" in page
    assert footprint(cast) == before


def test_a_preview_made_stale_by_another_edit_is_refused(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    wanted, _removed = modified(plan_structure_for(cycle=cast))
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    cycle_touch(cycle_id=cast.pk)  # someone else changed the cycle's data meanwhile
    entries = AuditEntry.objects.count()
    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Il piano è cambiato dopo l'anteprima: ricarica il file" in page
    assert not Indicator.objects.filter(cycle=cast, code=NEW_INDICATOR).exists()
    assert AuditEntry.objects.count() == entries


def test_a_token_of_another_session_is_refused(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    wanted, _removed = modified(plan_structure_for(cycle=cast))
    status, page = upload(client_as("controllo"), xlsx(wanted))
    assert status == 200
    response = client_as("controllo").post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 400
    assert not Indicator.objects.filter(cycle=cast, code=NEW_INDICATOR).exists()


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", NOT_OFFICE)
def test_other_roles_are_refused(
    cast: Cycle, client_as: Callable[[str], Client], username: str
) -> None:
    client = client_as(username)
    content = xlsx(modified(plan_structure_for(cycle=cast))[0])
    before = footprint(cast)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}piano.xlsx").status_code == 403
    assert client.get(f"{BASE}modello.xlsx").status_code == 403
    assert upload(client, content)[0] == 403
    assert client.post(f"{BASE}applicazione/", {"token": "x" * 32}).status_code == 403
    assert footprint(cast) == before


def test_another_administration_is_404(cast: Cycle, client_as: Callable[[str], Client]) -> None:
    client = client_as("controllo")
    assert client.get("/altro-ente/2024/piano/cartella/").status_code == 404
    assert client.get("/altro-ente/2024/piano/cartella/piano.xlsx").status_code == 404
    response = client.post(
        "/altro-ente/2024/piano/cartella/caricamento/",
        {"workbook": SimpleUploadedFile("piano.xlsx", b"PK\x03\x04")},
    )
    assert response.status_code == 404


def test_an_adopted_plan_takes_no_upload(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    client = client_as("controllo")
    wanted, _removed = modified(plan_structure_for(cycle=cast))
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    plan_version_adopt(
        actor=actor_as("controllo"),
        cycle=cast,
        act_reference="Delibera n. 5",
        act_on=date(2024, 1, 30),
    )
    Cycle.objects.filter(pk=cast.pk).update(state=CycleState.MONITORING)
    before = footprint(cast)
    listing = client.get(BASE)
    assert listing.status_code == 200  # the downloads stay
    assert "Il piano non è modificabile ora" in listing.content.decode()
    assert 'name="workbook"' not in listing.content.decode()
    assert upload(client, xlsx(wanted))[0] == 403
    assert client.post(f"{BASE}applicazione/", {"token": token_of(page)}).status_code == 403
    assert footprint(cast) == before


def test_base_measures_and_a_formula_are_applied_and_an_unused_measure_removed(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    from performa.apps.plans.models import BaseMeasure
    from performa.workbook.data import BaseMeasureRow

    client = client_as("controllo")
    BaseMeasure.objects.create(
        administration=cast.administration, cycle=cast, code="vecchia", name="Da togliere"
    )
    live = plan_structure_for(cycle=cast)
    indicator = live.indicators[0]
    wanted = dataclasses.replace(
        live,
        base_measures=(
            *(row for row in live.base_measures if row.code != "vecchia"),
            BaseMeasureRow("evase", "Pratiche evase", "N.", responsible_unit="PROMOZIONE"),
            BaseMeasureRow("ricevute", "Pratiche ricevute", "N."),
        ),
        indicators=tuple(
            dataclasses.replace(row, formula="evase / ricevute * 100") if row == indicator else row
            for row in live.indicators
        ),
    )
    status, page = upload(client, xlsx(wanted))
    assert status == 200
    assert "Misura di base evase" in page
    response = client.post(f"{BASE}applicazione/", {"token": token_of(page)})
    assert response.status_code == 302, response.content.decode()
    assert plan_changes(plan_structure_for(cycle=cast), wanted).is_empty
    assert Indicator.objects.get(cycle=cast, code=indicator.code).formula == (
        "evase / ricevute * 100"
    )
    measures = BaseMeasure.objects.filter(cycle=cast, code__in=["evase", "ricevute", "vecchia"])
    assert [
        (m.code, m.responsible_unit and m.responsible_unit.code)
        for m in measures.select_related("responsible_unit").order_by("position")
    ] == [("evase", "PROMOZIONE"), ("ricevute", None)]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("base_measure_create") == 2
    assert "base_measure_delete" in actions
