"""The office types, imports, previews, reorders and deletes context tables; nobody else may,
and a bad table or file writes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from performa.apps.audit.models import AuditEntry
from performa.apps.contexts.models import ContextTable, ContextTableRow
from performa.apps.contexts.selectors import context_table_data
from performa.apps.contexts.services import (
    ContextError,
    ContextPermissionError,
    context_table_import,
)
from performa.apps.cycles.services import cycle_validate
from performa.apps.staff.services import demo_context_and_staff_load

pytestmark = pytest.mark.django_db

BASE = "/cciaa-pistoia-prato/2024/contesto/"
GRID = ";2023;2024 q1;Unità\nPRODUZIONE;-0,8;+0,3;var. %\nTessile;-7,2;-10,6;var. %\n"
FORM = {
    "code": "prova",
    "title": "Produzione di prova",
    "section": "economy",
    "unit": "",
    "source": "Elaborazioni su dati ISTAT",
    "chart": "column",
    "note": "",
    "grid": GRID,
}


def _footprint(cycle) -> tuple[object, ...]:
    return (
        tuple(
            ContextTable.objects.filter(cycle=cycle)
            .order_by("pk")
            .values_list("code", "title", "position")
        ),
        ContextTableRow.objects.filter(table__cycle=cycle).count(),
        AuditEntry.objects.count(),
    )


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_list_shows_every_section_with_its_tables(client_as, cycle) -> None:
    page = client_as("office").get(BASE).content.decode()
    assert "Contesto economico" in page
    assert "Risorse economiche" in page
    assert "PROVINCIA DI PISTOIA" in page
    assert 'href="/cciaa-pistoia-prato/2024/contesto/tabelle/pistoia_industry/"' in page
    assert 'id="replaced-council"' not in page


def test_tables_the_staff_data_replace_in_the_report_are_marked(client_as, cycle) -> None:
    demo_context_and_staff_load(cycle=cycle)
    page = client_as("office").get(BASE).content.decode()
    for code in ("council", "executive_board", "auditors", "staff_by_category"):
        assert f'id="replaced-{code}"' in page
    assert 'id="replaced-organisation_chart"' not in page


def test_the_office_types_a_table_with_italian_decimals_and_it_is_audited(client_as, cycle) -> None:
    response = client_as("office").post(BASE + "nuova/", FORM)
    assert response.status_code == 302
    table = ContextTable.objects.get(cycle=cycle, code="prova")
    data = context_table_data(table=table)
    assert data.columns == ("2023", "2024 q1")
    assert data.rows[1].values == (Decimal("-7.2"), Decimal("-10.6"))
    assert data.rows[0].unit == "var. %"
    assert table.position > ContextTable.objects.get(cycle=cycle, code="pistoia_industry").position
    entry = AuditEntry.objects.filter(action="context_table_create").get()
    assert entry.cycle == cycle
    assert entry.after is not None
    assert entry.after["title"] == "Produzione di prova"


def test_the_preview_draws_the_chart_and_saves_nothing(client_as, cycle) -> None:
    before = _footprint(cycle)
    response = client_as("office").post(BASE + "nuova/", {**FORM, "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    assert "Anteprima nella Relazione" in page
    assert "-10,6" in page
    assert _footprint(cycle) == before


def test_a_malformed_typed_table_is_refused_with_located_errors_and_nothing_written(
    client_as, cycle
) -> None:
    before = _footprint(cycle)
    bad = {**FORM, "grid": ";2023;2023\nPRODUZIONE;1,2,3;4\n;5;6\n"}
    response = client_as("office").post(BASE + "nuova/", bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "riga 1, colonna C: la colonna «2023» è ripetuta" in page
    assert "riga 2, colonna B: «1,2,3» non è un numero valido" in page
    assert "riga 3, colonna A: manca l&#x27;etichetta della riga" in page
    assert _footprint(cycle) == before


def test_editing_a_table_replaces_its_cells_and_keeps_its_place(client_as, cycle) -> None:
    stored = ContextTable.objects.get(cycle=cycle, code="staff_by_category")
    position = stored.position
    page = client_as("office").get(BASE + "tabelle/staff_by_category/").content.decode()
    assert "Area Istruttori;40" in page
    form = {
        **FORM,
        "code": "staff_by_category",
        "section": "staff",
        "grid": ";Totale\nDirigenti;3\n",
    }
    response = client_as("office").post(BASE + "tabelle/staff_by_category/", form)
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.position == position
    assert [row.label for row in stored.rows.all()] == ["Dirigenti"]
    before = AuditEntry.objects.filter(action="context_table_update").get().before
    assert before is not None
    assert before["rows"]


def test_a_code_already_used_is_refused(client_as, cycle) -> None:
    response = client_as("office").post(BASE + "nuova/", {**FORM, "code": "council"})
    assert response.status_code == 400
    assert "Esiste già una tabella con il codice «council»" in response.content.decode()


def test_a_csv_is_imported_as_a_table(client_as, cycle) -> None:
    upload = SimpleUploadedFile("dati.csv", GRID.encode("utf-8"), content_type="text/csv")
    form = {key: value for key, value in FORM.items() if key != "grid"}
    response = client_as("office").post(BASE + "importazione/", {**form, "file": upload})
    assert response.status_code == 302
    assert context_table_data(table=ContextTable.objects.get(cycle=cycle, code="prova")).rows[
        0
    ].values == (
        Decimal("-0.8"),
        Decimal("0.3"),
    )


def test_an_xlsx_replaces_the_table_with_its_code_when_asked(client_as, cycle) -> None:
    content = _xlsx([[None, "Totale"], ["Dirigenti", 3], ["Area Istruttori", 41]])
    upload = SimpleUploadedFile("personale.xlsx", content)
    form = {
        **{key: value for key, value in FORM.items() if key != "grid"},
        "code": "staff_by_category",
    }
    refused = client_as("office").post(BASE + "importazione/", {**form, "file": upload})
    assert refused.status_code == 400
    upload.seek(0)
    response = client_as("office").post(
        BASE + "importazione/", {**form, "file": upload, "replace_existing": "on"}
    )
    assert response.status_code == 302
    table = context_table_data(
        table=ContextTable.objects.get(cycle=cycle, code="staff_by_category")
    )
    assert table.rows[1].values == (Decimal(41),)


def test_a_malformed_xlsx_is_refused_with_located_errors_and_nothing_written(
    client_as, cycle
) -> None:
    before = _footprint(cycle)
    content = _xlsx([[None, "2023", None], ["MONDO", "1,2,3", 4], [None, 1, 2]])
    upload = SimpleUploadedFile("dati.xlsx", content)
    form = {key: value for key, value in FORM.items() if key != "grid"}
    response = client_as("office").post(BASE + "importazione/", {**form, "file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "riga 2, colonna B: «1,2,3» non è un numero valido" in page
    assert "riga 3, colonna A: manca l&#x27;etichetta della riga" in page
    assert _footprint(cycle) == before


def test_a_file_that_is_not_a_spreadsheet_writes_nothing(client_as, cycle) -> None:
    before = _footprint(cycle)
    upload = SimpleUploadedFile("dati.xlsx", b"PK not really")
    form = {key: value for key, value in FORM.items() if key != "grid"}
    response = client_as("office").post(BASE + "importazione/", {**form, "file": upload})
    assert response.status_code == 400
    assert "il file non è un XLSX leggibile" in response.content.decode()
    assert _footprint(cycle) == before


def test_tables_move_within_their_section_and_are_deleted(client_as, cycle) -> None:
    def order() -> list[str]:
        return list(
            ContextTable.objects.filter(cycle=cycle, section="economy")
            .order_by("position")
            .values_list("code", flat=True)
        )

    first, second = order()[:2]
    client = client_as("office")
    assert (
        client.post(BASE + f"tabelle/{second}/spostamento/", {"direction": "up"}).status_code == 302
    )
    assert order()[:2] == [second, first]
    assert client.post(BASE + f"tabelle/{first}/eliminazione/").status_code == 302
    assert first not in order()
    assert AuditEntry.objects.filter(
        action="context_table_delete", object_code__endswith=first
    ).exists()


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_edits_context_tables(client_as, cycle, role: str) -> None:
    before = _footprint(cycle)
    client = client_as(role)
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "nuova/", FORM).status_code == 403
    assert client.post(BASE + "tabelle/council/eliminazione/").status_code == 403
    assert (
        client.post(BASE + "tabelle/council/spostamento/", {"direction": "up"}).status_code == 403
    )
    assert _footprint(cycle) == before


def test_the_outsider_gets_404_and_changes_nothing(client_as, cycle) -> None:
    before = _footprint(cycle)
    assert client_as("outsider").post(BASE + "tabelle/council/eliminazione/").status_code == 404
    assert _footprint(cycle) == before


def test_a_validated_cycle_refuses_every_change(client_as, actor, cycle) -> None:
    cycle_validate(
        actor=actor("oiv"),
        cycle=cycle,
        act_reference="Verbale OIV n. 3/2025",
        act_on=date(2025, 4, 30),
        text="Validazione.",
    )
    cycle.refresh_from_db()
    before = _footprint(cycle)
    client = client_as("office")
    page = client.get(BASE).content.decode()
    assert "non modificare" in page
    response = client.post(BASE + "nuova/", FORM)
    assert response.status_code == 400
    assert "validato" in response.content.decode()
    with pytest.raises(ContextError):
        context_table_import(
            actor=actor("office"),
            cycle=cycle,
            content=GRID.encode(),
            file_name="a.csv",
            code="x",
            title="x",
            section="economy",
        )
    assert _footprint(cycle) == before


def test_the_service_refuses_a_role_that_may_not(actor, cycle) -> None:
    with pytest.raises(ContextPermissionError):
        context_table_import(
            actor=actor("manager"),
            cycle=cycle,
            content=GRID.encode(),
            file_name="a.csv",
            code="x",
            title="x",
            section="economy",
        )
