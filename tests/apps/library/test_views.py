"""The library's pages: list, detail with usages, the office's forms, adoption and "add to
library" from a cycle, with their permissions (403 by role, 404 across administrations)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from performa.apps.cycles.models import Cycle
from performa.apps.cycles.services import cycle_validate
from performa.apps.library.models import Adoption, LibraryIndicator
from performa.apps.library.services import LibraryFields, library_indicator_create
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from tests.access.cast import actor_of

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
BASE = "/cciaa-pistoia-prato/libreria/"


def _common(code: str = "OC_TD_01") -> LibraryIndicator:
    return LibraryIndicator.objects.get(owner=None, code=code)


def _own(code: str = "LIB_01", role: str = "office") -> LibraryIndicator:
    return library_indicator_create(
        actor=actor_of(role),
        fields=LibraryFields(code=code, name="Pratiche evase", unit="N.", formula="a / b"),
    )


def _entry_form(**changes: str) -> dict[str, str]:
    data = {
        "code": "LIB_02",
        "name": "Tempo medio di evasione",
        "description": "",
        "unit": "gg",
        "value_type": "number",
        "polarity": "lower",
        "formula": "giorni_totali / pratiche",
        "data_source": "Gestionale pratiche",
        "responsible_unit": "Registro imprese",
        "notes": "",
    }
    data.update(changes)
    return data


# -- list and detail ------------------------------------------------------------------------


def test_list_shows_common_and_own_entries(client_as: ClientAs) -> None:
    _own()
    _own(code="EST_01", role="outsider")
    response = client_as("viewer").get(BASE)
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("OC_TD_01", "OC_TD_02", "DC_CCU_01", "S13", "S14", "LIB_01"):
        assert f">{code}</a>" in page
    assert "EST_01" not in page
    assert "Nuovo indicatore" not in page  # the viewer manages nothing


def test_list_search_and_filter(client_as: ClientAs) -> None:
    _own()
    client = client_as("office")
    page = client.get(BASE, {"q": "maturità digitale"}).content.decode()
    assert ">OC_TD_01</a>" in page
    assert ">OC_TD_02</a>" not in page
    page = client.get(BASE, {"ambito": "propri"}).content.decode()
    assert ">LIB_01</a>" in page
    assert ">OC_TD_01</a>" not in page
    page = client.get(BASE, {"ambito": "comuni"}).content.decode()
    assert ">LIB_01</a>" not in page
    assert ">S14</a>" in page
    assert "Nuovo indicatore" in page


def test_the_outsider_gets_404_and_the_anonymous_the_login(client_as: ClientAs) -> None:
    entry = _own()
    assert client_as("outsider").get(BASE).status_code == 404
    assert client_as("outsider").get(f"{BASE}{entry.pk}/").status_code == 404
    assert Client().get(BASE).status_code == 302


def test_another_administrations_entry_is_404(client_as: ClientAs) -> None:
    foreign = _own(code="EST_01", role="outsider")
    assert client_as("office").get(f"{BASE}{foreign.pk}/").status_code == 404
    assert client_as("office").get(f"{BASE}{foreign.pk}/modifica/").status_code == 404
    assert client_as("office").get(f"{BASE}{foreign.pk}/adozione/").status_code == 404


def test_detail_lists_usages_with_objectives_and_weights(client_as: ClientAs, cycle: Cycle) -> None:
    objective = PlanNode.objects.filter(cycle=cycle, links__isnull=False).order_by("position")[0]
    response = client_as("office").post(
        f"{BASE}{_common().pk}/adozione/",
        {
            "anno": "2024",
            "code": "OC_TD_01_B",
            "comparator": ">=",
            "target_value": "1,14",
            "node": str(objective.pk),
            "weight": "33,4",
        },
    )
    assert response.status_code == 302
    page = client_as("viewer").get(f"{BASE}{_common().pk}/").content.decode()
    page = page.replace("\N{NO-BREAK SPACE}", " ")
    assert "OC_TD_01_B" in page
    assert f"{objective.code} {objective.name} (33,40 %)" in page
    assert "Adottato dalla libreria, controllo" in page


def test_common_entries_are_read_only_for_the_office(client_as: ClientAs) -> None:
    common = _common()
    client = client_as("office")
    page = client.get(f"{BASE}{common.pk}/").content.decode()
    assert "Modifica</a>" not in page
    assert "sola lettura" in page
    assert client.get(f"{BASE}{common.pk}/modifica/").status_code == 403
    response = client.post(f"{BASE}{common.pk}/modifica/", _entry_form(code="OC_TD_01"))
    assert response.status_code == 403
    assert _common().name.startswith("Livelli di attività")


# -- create and edit ------------------------------------------------------------------------


def test_the_office_creates_an_entry(client_as: ClientAs) -> None:
    client = client_as("office")
    assert client.get(f"{BASE}nuovo/").status_code == 200
    response = client.post(f"{BASE}nuovo/", _entry_form())
    entry = LibraryIndicator.objects.get(code="LIB_02")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{entry.pk}/"
    assert (entry.owner_id, entry.polarity, entry.formula) == (
        actor_of("office").administration.pk,
        "lower",
        "giorni_totali / pratiche",
    )


def test_a_bad_formula_is_shown_on_its_field(client_as: ClientAs) -> None:
    response = client_as("office").post(f"{BASE}nuovo/", _entry_form(formula="giorni ** 2"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_formula_error"' in page
    assert "Formula non valida:" in page
    assert not LibraryIndicator.objects.filter(code="LIB_02").exists()


def test_a_taken_code_is_shown_on_its_field(client_as: ClientAs) -> None:
    _own(code="LIB_02")
    response = client_as("office").post(f"{BASE}nuovo/", _entry_form())
    assert response.status_code == 400
    assert "già usato nella libreria" in response.content.decode()


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_other_roles_may_not_create_or_edit(client_as: ClientAs, role: str) -> None:
    entry = _own()
    client = client_as(role)
    assert client.get(f"{BASE}nuovo/").status_code == 403
    assert client.post(f"{BASE}nuovo/", _entry_form()).status_code == 403
    assert client.post(f"{BASE}{entry.pk}/modifica/", _entry_form(code="LIB_01")).status_code == 403
    assert client.get(f"{BASE}dal-piano/").status_code == 403
    assert not LibraryIndicator.objects.filter(code="LIB_02").exists()


def test_edit_refuses_a_stale_page(client_as: ClientAs) -> None:
    entry = _own()
    client = client_as("office")
    form = _entry_form(code="LIB_01", name="Primo", seen_version="1")
    assert client.post(f"{BASE}{entry.pk}/modifica/", form).status_code == 302
    response = client.post(f"{BASE}{entry.pk}/modifica/", {**form, "name": "Secondo"})
    assert response.status_code == 400
    assert "ricarica la pagina" in response.content.decode()
    assert LibraryIndicator.objects.get(pk=entry.pk).name == "Primo"


# -- adoption -------------------------------------------------------------------------------


def test_adoption_page_and_success(client_as: ClientAs, cycle: Cycle) -> None:
    client = client_as("office")
    page = client.get(f"{BASE}{_common('OC_TD_02').pk}/adozione/", {"anno": 2024})
    assert page.status_code == 200
    assert 'name="target_value"' in page.content.decode()
    response = client.post(
        f"{BASE}{_common('OC_TD_02').pk}/adozione/",
        {"anno": "2024", "code": "PID_01", "comparator": ">=", "target_value": "4"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(cycle=cycle, code="PID_01")
    assert indicator.library_adoption.library_indicator == _common("OC_TD_02")
    assert not IndicatorLink.objects.filter(indicator=indicator).exists()


def test_adoption_code_clash_is_shown(client_as: ClientAs, cycle: Cycle) -> None:
    count = Indicator.objects.filter(cycle=cycle).count()
    response = client_as("office").post(
        f"{BASE}{_common('S13').pk}/adozione/",
        {"anno": "2024", "code": "", "comparator": ">=", "target_value": "12,9"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_code_error"' in page
    assert "è già usato da un indicatore del ciclo 2024" in page
    assert Indicator.objects.filter(cycle=cycle).count() == count


def test_adoption_in_a_validated_cycle_is_refused(client_as: ClientAs, cycle: Cycle) -> None:
    cycle_validate(
        actor=actor_of("oiv"),
        cycle=cycle,
        act_reference="Verbale OIV n. 1/2025",
        act_on=date(2025, 4, 30),
        text="Validata.",
    )
    client = client_as("office")
    assert "Adotta in un ciclo" not in client.get(f"{BASE}{_common().pk}/").content.decode()
    response = client.post(
        f"{BASE}{_common().pk}/adozione/",
        {"anno": "2024", "code": "N1", "comparator": ">=", "target_value": "1"},
    )
    assert response.status_code == 400
    assert "validato" in response.content.decode()
    assert not Indicator.objects.filter(code="N1").exists()


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_forged_adoption_post_is_403(client_as: ClientAs, role: str) -> None:
    response = client_as(role).post(
        f"{BASE}{_common().pk}/adozione/",
        {"anno": "2024", "code": "N1", "comparator": ">=", "target_value": "1"},
    )
    assert response.status_code == 403
    assert not Indicator.objects.filter(code="N1").exists()


def test_adoption_into_an_unknown_cycle_is_404(client_as: ClientAs) -> None:
    response = client_as("office").post(
        f"{BASE}{_common().pk}/adozione/",
        {"anno": "1999", "code": "N1", "comparator": ">=", "target_value": "1"},
    )
    assert response.status_code == 404


def test_the_outsider_cannot_post_into_the_demo(client_as: ClientAs) -> None:
    response = client_as("outsider").post(
        f"{BASE}{_common().pk}/adozione/",
        {"anno": "2024", "code": "N1", "comparator": ">=", "target_value": "1"},
    )
    assert response.status_code == 404
    assert not Indicator.objects.filter(code="N1").exists()


# -- add to library from a cycle ------------------------------------------------------------


def test_add_to_library_from_the_plan(client_as: ClientAs, cycle: Cycle) -> None:
    client = client_as("office")
    indicator = Indicator.objects.get(cycle=cycle, code="S14")
    page = client.get(f"{BASE}dal-piano/", {"anno": 2024}).content.decode()
    assert f'id="indicator-{indicator.pk}"' in page
    response = client.post(f"{BASE}dal-piano/2024/", {"indicator": indicator.pk, "code": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}dal-piano/?anno=2024#indicator-{indicator.pk}"
    adoption = Adoption.objects.get(cycle_indicator=indicator)
    assert adoption.library_indicator.owner_id == cycle.administration_id
    assert adoption.library_indicator.code == "S14"
    # Again: refused with the reason on the page.
    response = client.post(f"{BASE}dal-piano/2024/", {"indicator": indicator.pk, "code": "X"})
    assert response.status_code == 400
    assert "è già nella libreria" in response.content.decode()


def test_add_to_library_of_another_cycle_indicator_is_404(client_as: ClientAs) -> None:
    response = client_as("office").post(f"{BASE}dal-piano/2024/", {"indicator": 0})
    assert response.status_code == 404


def test_an_own_entry_may_reuse_a_common_code(client_as: ClientAs) -> None:
    response = client_as("office").post(f"{BASE}nuovo/", _entry_form(code="OC_TD_01"))
    assert response.status_code == 302
    assert LibraryIndicator.objects.filter(code="OC_TD_01").count() == 2
