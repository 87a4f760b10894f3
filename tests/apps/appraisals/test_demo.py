"""The demo's three managers: their sheets, objectives and organisational components, computed
by the scoring engine from the reference report's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.apps.appraisals.demo import appraisals_demo_load
from performa.apps.appraisals.models import Position, Sheet, SheetState
from performa.apps.appraisals.selectors import cycle_scores_for_appraisal, sheet_result
from performa.scoring import ComponentKind
from performa.scoring.appraisal import round_display

pytestmark = pytest.mark.django_db


def _components(sheet: Sheet) -> dict[ComponentKind, Decimal | None]:
    result = sheet_result(sheet=sheet)
    return {item.kind: item.percent for item in result.components}


def test_the_demo_has_the_three_managers_with_their_section_4_objectives(demo_sheets) -> None:
    assert set(demo_sheets) == {"SG", "DIR-PROM", "DIR-TUT"}
    counts = {code: sheet.objectives.count() for code, sheet in demo_sheets.items()}
    assert counts == {"SG": 30, "DIR-PROM": 25, "DIR-TUT": 12}
    assert demo_sheets["SG"].objectives.first().node.name.startswith("Favorire la doppia")


def test_the_segretario_generale_organisational_component_is_the_entity_score(
    demo_sheets,
) -> None:
    sheet = demo_sheets["SG"]
    assert sheet.state == SheetState.EVALUATED
    assert sheet.organisational_percent is not None
    assert round_display(sheet.organisational_percent) == Decimal("96.41")
    assert sheet.total_percent is not None
    assert sheet.band_label == "Eccellente"


def test_a_dirigente_organisational_component_is_the_mean_of_his_units_objectives(
    demo_sheets,
) -> None:
    # Tutela del mercato: 99,69 98,60 98,65 100 99,00 99,44 in the reference report.
    components = _components(demo_sheets["DIR-TUT"])
    organisational = components[ComponentKind.ORGANISATIONAL]
    assert organisational is not None
    assert round_display(organisational) == Decimal("99.23")


def test_the_individual_objectives_component_is_the_mean_of_the_linked_objectives(
    demo_sheets, cast
) -> None:
    scores = cycle_scores_for_appraisal(cycle=cast)
    codes = [link.node.code for link in demo_sheets["DIR-TUT"].objectives.all()]
    percents = [scores.node_percents[code] for code in codes]
    assert all(percent is not None for percent in percents)
    expected = sum(percent for percent in percents if percent is not None) / len(codes)
    assert _components(demo_sheets["DIR-TUT"])[ComponentKind.OBJECTIVES] == expected


def test_positions_over_time_end_the_anagrafe_posts_on_28_february_2025(demo_sheets) -> None:
    ended = Position.objects.filter(ends_on__isnull=False).values_list("person__code", "title")
    assert sorted(code for code, _ in ended) == ["DIR-PROM", "SG"]


def test_loading_again_keeps_the_sheets_people_moved_on(demo_sheets, cast) -> None:
    sheet = demo_sheets["DIR-PROM"]
    sheet.midyear_note = "cambiata nel sito"
    sheet.save()
    again = {item.person.code: item for item in appraisals_demo_load(cycle=cast)}
    assert again["DIR-PROM"].pk == sheet.pk
    assert again["DIR-PROM"].midyear_note == "cambiata nel sito"


def test_a_manager_who_changes_unit_in_the_year_answers_for_each_pro_rata(
    demo_sheets, cast
) -> None:
    from datetime import date

    from performa.apps.administrations.models import OrganisationalUnit

    sheet = demo_sheets["DIR-TUT"]
    Position.objects.filter(person=sheet.person).update(ends_on=date(2024, 6, 30))
    Position.objects.create(
        administration=cast.administration,
        person=sheet.person,
        unit=OrganisationalUnit.objects.get(administration=cast.administration, code="PROMOZIONE"),
        category="manager",
        title="Dirigente Area Promozione e sviluppo economico",
        starts_on=date(2024, 7, 1),
    )
    scores = cycle_scores_for_appraisal(cycle=cast)

    def total(unit: str) -> tuple[Decimal, int]:
        values = [scores.node_percents[code] for code in scores.unit_objectives[unit]]
        return sum((value for value in values if value is not None), Decimal(0)), len(values)

    tutela, tutela_count = total("TUTELA")  # 1 January – 30 June 2024: 182 days
    promozione, promozione_count = total("PROMOZIONE")  # 1 July – 31 December: 184 days
    expected = (182 * tutela + 184 * promozione) / (182 * tutela_count + 184 * promozione_count)
    assert _components(sheet)[ComponentKind.ORGANISATIONAL] == expected
