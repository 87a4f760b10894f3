"""Staff figures and body members, typed or imported: all or nothing, errors located, office
only, audited; and what the staff page shows."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from performa.apps.audit.models import AuditEntry
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import Indicator
from performa.apps.staff.models import Body, BodyMember, StaffFigure, StaffIndicatorSource
from performa.apps.staff.selectors import staff_data_for, staff_source_for
from performa.apps.staff.services import (
    StaffError,
    StaffPermissionError,
    demo_context_and_staff_load,
    staff_figures_replace,
    staff_indicator_source_set,
)
from performa.workbook.grids import grid_from_text

pytestmark = pytest.mark.django_db

BASE = "/cciaa-pistoia-prato/2024/contesto/personale/"
FIGURES = (
    "misura;dimensione;voce;genere;valore\n"
    "personale in servizio;totale;;F;53\n"
    "headcount;total;Totale;M;29\n"
    "ore di formazione;totale;Totale;donne;1.166,5\n"
)
MEMBERS = (
    "organo;tipo;nome;ruolo;settore;dal;al;nota\n"
    "Giunta;Giunta;Dalila Mazzi;PRESIDENTE;Industria;21/10/2020;;\n"
    "OIV;OIV;Iacopo Cavallini;Componente unico;;;;\n"
)


def _footprint(cycle) -> tuple[object, ...]:
    return (
        tuple(
            StaffFigure.objects.filter(cycle=cycle).values_list(
                "measure", "item", "gender", "value"
            )
        ),
        tuple(BodyMember.objects.filter(body__cycle=cycle).values_list("name", flat=True)),
        AuditEntry.objects.count(),
    )


def test_typed_figures_replace_the_cycles_figures_with_codes_or_italian_labels(
    client_as, cycle
) -> None:
    demo_context_and_staff_load(cycle=cycle)
    response = client_as("office").post(
        BASE + "dati/", {"grid": FIGURES, "as_of": "31.12.2024", "note": "Dati del servizio"}
    )
    assert response.status_code == 302
    staff = staff_data_for(cycle=cycle)
    assert [(row.measure, row.item, row.gender, row.value) for row in staff.figures] == [
        ("headcount", "Totale", "F", Decimal(53)),
        ("headcount", "Totale", "M", Decimal(29)),
        ("training_hours", "Totale", "F", Decimal("1166.5")),
    ]
    assert staff.as_of == "31.12.2024"
    assert staff.note == "Dati del servizio"
    entry = AuditEntry.objects.filter(action="staff_figures_replace").get()
    assert entry.cycle == cycle
    assert entry.before is not None
    assert len(entry.before["figures"]) > 30


def test_italian_labels_import_the_same_from_the_english_interface(client_as, cycle) -> None:
    """The labels are translated, the files stay Italian: both readings are accepted."""
    client = client_as("office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    figures = FIGURES + "staff in service;age band;30-39;F;4\n"
    assert (
        client.post(BASE + "dati/", {"grid": figures, "as_of": "", "note": ""}).status_code == 302
    )
    assert [
        (row.measure, row.breakdown, row.gender) for row in staff_data_for(cycle=cycle).figures
    ][-1] == ("headcount", "age_band", "F")
    assert client.post(BASE + "organi/", {"grid": MEMBERS}).status_code == 302
    assert list(Body.objects.filter(cycle=cycle).values_list("kind", flat=True)) == [
        "executive_board",
        "oiv",
    ]


def test_malformed_figures_are_refused_with_located_errors_and_nothing_written(
    client_as, cycle
) -> None:
    demo_context_and_staff_load(cycle=cycle)
    before = _footprint(cycle)
    bad = (
        "misura;dimensione;voce;genere;valore\n"
        "stipendi;totale;;F;10\n"
        "personale in servizio;regione;Nord;X;dieci\n"
        "headcount;category;;F;-3\n"
        "headcount;total;Totale;F;53\n"
        "headcount;total;Totale;F;54\n"
    )
    response = client_as("office").post(BASE + "dati/", {"grid": bad})
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "riga 2, colonna A: «stipendi» non è una misura",
        "riga 3, colonna B: «regione» non è una dimensione",
        "riga 3, colonna D: «X» non è un genere",
        "riga 3, colonna E: «dieci» non è un numero",
        "riga 4, colonna C: manca la voce",
        "riga 4, colonna E: il valore non può essere negativo",
        "riga 6: dato ripetuto: è già alla riga 5",
    ):
        assert message in page.replace("&#x27;", "'")
    assert _footprint(cycle) == before


def test_a_file_without_the_expected_columns_is_refused(client_as, cycle) -> None:
    before = _footprint(cycle)
    upload = SimpleUploadedFile("dati.csv", b"a;b\n1;2\n")
    response = client_as("office").post(BASE + "dati/", {"file": upload})
    assert response.status_code == 400
    assert "riga 1: mancano le colonne misura, dimensione, voce, genere, valore" in (
        response.content.decode()
    )
    assert _footprint(cycle) == before


def test_figures_are_imported_from_an_xlsx(client_as, cycle) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["misura", "dimensione", "voce", "genere", "valore"])
    sheet.append(["part_time", "total", "Totale", "F", 11])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("personale.xlsx", buffer.getvalue())
    response = client_as("office").post(BASE + "dati/", {"file": upload})
    assert response.status_code == 302
    assert StaffFigure.objects.get(cycle=cycle).value == Decimal(11)


def test_members_replace_the_bodies_and_bad_dates_are_located(client_as, cycle) -> None:
    client = client_as("office")
    assert client.post(BASE + "organi/", {"grid": MEMBERS}).status_code == 302
    assert list(Body.objects.filter(cycle=cycle).values_list("name", "kind")) == [
        ("Giunta", "executive_board"),
        ("OIV", "oiv"),
    ]
    assert BodyMember.objects.get(name="Dalila Mazzi").starts_on == date(2020, 10, 21)
    before = _footprint(cycle)
    bad = MEMBERS + "Giunta;Senato;;x;;31/02/2024;01/01/2020;\n"
    response = client.post(BASE + "organi/", {"grid": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "riga 4, colonna B: «Senato» non è un tipo di organo" in page
    assert "riga 4, colonna C: manca il nome" in page
    assert "riga 4, colonna F: «31/02/2024» non è una data gg/mm/aaaa" in page
    assert _footprint(cycle) == before


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_edits_staff_data(client_as, cycle, role: str) -> None:
    before = _footprint(cycle)
    client = client_as(role)
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "dati/", {"grid": FIGURES}).status_code == 403
    assert client.post(BASE + "organi/", {"grid": MEMBERS}).status_code == 403
    assert _footprint(cycle) == before


def test_the_service_refuses_other_roles(actor, cycle) -> None:
    grid, _ = grid_from_text(FIGURES)
    with pytest.raises(StaffPermissionError):
        staff_figures_replace(actor=actor("viewer"), cycle=cycle, grid=grid)
    with pytest.raises(StaffError):
        staff_figures_replace(actor=actor("office"), cycle=cycle, grid=[["a"]])


def test_the_staff_page_shows_the_gender_balance_and_the_members(client_as, cycle) -> None:
    demo_context_and_staff_load(cycle=cycle)
    page = client_as("office").get(BASE).content.decode()
    assert "Bilancio di genere (anteprima)" in page
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert title.startswith("Organi e personale ·")
    assert page.index('id="figures-title"') < page.index('id="gender-title"')
    assert "53 donne e 29 uomini" in page
    assert "Iacopo Cavallini" in page
    assert "headcount;total;Totale;F;53" in page


def test_an_indicator_takes_a_staff_figure_as_its_source(actor, cycle) -> None:
    indicator = Indicator.objects.filter(cycle=cycle).first()
    assert indicator is not None
    staff_indicator_source_set(
        actor=actor("office"),
        indicator=indicator,
        measure="fte",
        breakdown="total",
        item="Totale",
        gender="",
    )
    source = staff_source_for(indicator=indicator)
    assert isinstance(source, StaffIndicatorSource)
    assert source.measure == "fte"
    with pytest.raises(StaffPermissionError):
        staff_indicator_source_set(
            actor=actor("officer"),
            indicator=indicator,
            measure="fte",
            breakdown="total",
            item="Totale",
            gender="",
        )


def test_the_office_links_an_indicator_and_it_shows_on_the_objective_page(client_as, cycle) -> None:
    demo_context_and_staff_load(cycle=cycle)
    indicator = Indicator.objects.filter(cycle=cycle, links__isnull=False).first()
    assert indicator is not None
    Measurement.objects.filter(indicator=indicator).delete()  # no figure from another source
    client = client_as("office")
    refused = client.post(
        BASE + "indicatori/",
        {"indicator": "NESSUNO", "measure": "fte", "breakdown": "total", "item": "Totale"},
    )
    assert refused.status_code == 400
    assert "Nessun indicatore con questo codice nel ciclo." in refused.content.decode()
    response = client.post(
        BASE + "indicatori/",
        {"indicator": indicator.code, "measure": "fte", "breakdown": "total", "item": "Totale"},
    )
    assert response.status_code == 302
    page = client.get(BASE).content.decode()
    assert f"<strong>{indicator.code}</strong> ← personale equivalente (FTE): 80,5" in page
    link = indicator.links.first()
    assert link is not None
    node = link.node
    objective = client.get(f"/cciaa-pistoia-prato/2024/obiettivi/{node.code}/").content.decode()
    assert "Fonte: dati del personale: personale equivalente (FTE): 80,5" in objective
    figure = Measurement.objects.get(indicator=indicator, period__code="FY")
    assert figure.value_number == Decimal("80.5")
    assert figure.data_source == "Dati del personale: personale equivalente (FTE)"
    assert (
        client_as("viewer")
        .post(
            BASE + "indicatori/",
            {"indicator": indicator.code, "measure": "fte", "breakdown": "total", "item": "Totale"},
        )
        .status_code
        == 403
    )


def test_a_linked_indicator_takes_the_staff_figure_unless_another_source_has_one(
    actor, cycle
) -> None:
    demo_context_and_staff_load(cycle=cycle)
    measured, free = Indicator.objects.filter(cycle=cycle, unit="fte").order_by("pk")[:2]
    Measurement.objects.filter(indicator=free).delete()
    link = {"measure": "fte", "breakdown": "total", "item": "Totale", "gender": ""}
    staff_indicator_source_set(actor=actor("office"), indicator=free, **link)
    figure = Measurement.objects.get(indicator=free, period__code="FY")
    assert figure.value_number == Decimal("80.5")
    assert AuditEntry.objects.filter(action="measurement_record_from_source").exists()
    typed = Measurement.objects.get(indicator=measured, period__code="FY").value_number
    with pytest.raises(StaffError, match="non viene sovrascritto"):
        staff_indicator_source_set(actor=actor("office"), indicator=measured, **link)
    assert Measurement.objects.get(indicator=measured, period__code="FY").value_number == typed
    assert not StaffIndicatorSource.objects.filter(indicator=measured).exists()
