"""The indicator form's targets for the two years after the cycle's: shown, saved with the
indicator in one transaction, checked on their fields, and protected from stale edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from performa.apps.administrations.access import Actor
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.plans import editing
from performa.apps.plans.editing import (
    IndicatorFields,
    PlanEditInvalidError,
    PlanEditStaleError,
    indicator_save,
    indicator_seen,
    year_targets_seen,
)
from performa.apps.plans.models import Indicator, IndicatorYearTarget
from performa.apps.plans.year_targets import YearTargetError, indicator_year_targets_set
from performa.scoring.model import Comparator, Target
from performa.workbook.data import YearTarget
from tests.apps.dashboards.conftest import CYCLE_URL, actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

CODE = "01_01_0P06_I01"
URL = f"{CYCLE_URL}piano/indicatori/{CODE}/"
NEW_URL = f"{CYCLE_URL}piano/indicatori/nuovo/"


def indicator(cycle: Cycle) -> Indicator:
    return Indicator.objects.get(cycle=cycle, code=CODE)


def indicator_post(found: Indicator, **changes: str) -> dict[str, str]:
    """What the form posts for ``found`` untouched (no later targets), with ``changes``."""
    data = {
        "code": found.code,
        "name": found.name,
        "description": found.description,
        "unit": found.unit,
        "comparator": found.comparator,
        "target_value": "" if found.target_value is None else str(found.target_value),
        "target_upper": "" if found.target_upper is None else str(found.target_upper),
        "target_due_on": ""
        if found.target_due_on is None
        else found.target_due_on.strftime("%d/%m/%Y"),
        "target_expected": {None: "", True: "si", False: "no"}[found.target_expected],
        "baseline": "" if found.baseline is None else str(found.baseline),
        "baseline_year": "" if found.baseline_year is None else str(found.baseline_year),
        "data_source": found.data_source,
        "seen": indicator_seen(found),
        "later_seen": year_targets_seen(found),
    }
    for offset in (1, 2):
        for part in ("comparator", "value", "upper", "due_on", "expected"):
            data[f"later{offset}_{part}"] = ""
    data.update(changes)
    return data


def stored(found: Indicator) -> list[tuple[int, str, Decimal | None, Decimal | None, date | None]]:
    return [
        (row.year, row.comparator, row.value, row.upper, row.due_on)
        for row in IndicatorYearTarget.objects.filter(indicator=found).order_by("year")
    ]


def test_the_form_shows_the_next_two_years_with_their_stored_targets(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    found = indicator(cast)
    indicator_year_targets_set(
        actor=actor_as("controllo"),
        indicator=found,
        targets=[YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("1234.5")))],
    )
    page = client_as("controllo").get(URL).content.decode()
    assert "Target 2025</legend>" in page
    assert "Target 2026</legend>" in page
    assert 'name="later1_value" value="1234,5"' in page
    assert '<option value="&gt;=" selected>' in page.split('name="later1_comparator"')[1]
    assert f'name="later_seen" value="{year_targets_seen(found)}"' in page


def test_the_office_saves_the_indicator_and_its_later_targets_together(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    found = indicator(cast)
    response = client_as("controllo").post(
        URL,
        indicator_post(
            found,
            name="Pratiche evase",
            later1_comparator="between",
            later1_value="1.234,5",
            later1_upper="2.000",
            later1_due_on="31/12/2025",  # ignored: not an «entro» target
            later2_comparator="entro",
            later2_due_on="30/06/2026",
            reason="Piano triennale",
        ),
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.name == "Pratiche evase"
    assert stored(found) == [
        (2025, "between", Decimal("1234.5"), Decimal("2000"), None),
        (2026, "entro", None, None, date(2026, 6, 30)),
    ]
    entry = AuditEntry.objects.get(action="year_targets_set")
    assert entry.reason == "Piano triennale"
    assert AuditEntry.objects.filter(action="indicator_update").count() == 1


def test_an_emptied_year_removes_its_target(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    found = indicator(cast)
    indicator_year_targets_set(
        actor=actor_as("controllo"),
        indicator=found,
        targets=[
            YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("10"))),
            YearTarget(2026, Target(Comparator.YES_NO, expected=True)),
        ],
    )
    response = client_as("controllo").post(
        URL, indicator_post(found, later2_comparator="si/no", later2_expected="no")
    )
    assert response.status_code == 302
    assert [row.year for row in IndicatorYearTarget.objects.filter(indicator=found)] == [2026]
    assert IndicatorYearTarget.objects.get(indicator=found).expected is False


def test_a_form_without_the_later_targets_leaves_them_alone(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    found = indicator(cast)
    indicator_year_targets_set(
        actor=actor_as("controllo"),
        indicator=found,
        targets=[YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("10")))],
    )
    data = indicator_post(found, name="Solo il nome")
    data = {key: value for key, value in data.items() if not key.startswith("later")}
    assert client_as("controllo").post(URL, data).status_code == 302
    found.refresh_from_db()
    assert found.name == "Solo il nome"
    assert stored(found) == [(2025, ">=", Decimal("10"), None, None)]


def test_a_wrong_later_target_is_refused_on_its_field_and_nothing_is_saved(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    found = indicator(cast)
    name = found.name
    response = client_as("controllo").post(
        URL,
        indicator_post(found, name="Cambiato", later2_comparator="between", later2_value="5"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_later2_upper_error"' in page
    assert "Target 2026: Con l&#x27;operatore «tra» indica il limite superiore." in page
    found.refresh_from_db()
    assert found.name == name
    assert stored(found) == []


def test_values_without_an_operator_are_refused(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    found = indicator(cast)
    response = client_as("controllo").post(URL, indicator_post(found, later1_value="12,5"))
    assert response.status_code == 400
    assert 'id="id_later1_comparator_error"' in response.content.decode()
    assert stored(found) == []


def test_a_stale_later_target_refuses_the_whole_form_then_a_knowing_save_wins(
    cast: Cycle, client_as: Callable[[str], Client], actor_as: Callable[[str], Actor]
) -> None:
    found = indicator(cast)
    name = found.name
    data = indicator_post(found, name="Il mio nome", later1_comparator=">=", later1_value="7")
    # Somebody else sets the 2025 target after the form was loaded.
    indicator_year_targets_set(
        actor=actor_as("controllo"),
        indicator=found,
        targets=[YearTarget(2025, Target(Comparator.AT_MOST, Decimal("3")))],
    )
    client = client_as("controllo")
    response = client.post(URL, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert '<th scope="row">Target 2025</th><td>&lt;= (al massimo) 3</td>' in page
    found.refresh_from_db()
    assert found.name == name  # the indicator's own change was not saved either
    assert stored(found) == [(2025, "<=", Decimal("3"), None, None)]
    # The page carries the new tokens: saving again overwrites knowingly.
    data["later_seen"] = year_targets_seen(found)
    assert f'name="later_seen" value="{data["later_seen"]}"' in page
    assert client.post(URL, data).status_code == 302
    found.refresh_from_db()
    assert found.name == "Il mio nome"
    assert stored(found) == [(2025, ">=", Decimal("7"), None, None)]


def test_a_stale_indicator_is_reported_with_its_later_targets(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    found = indicator(cast)
    data = indicator_post(found, later1_comparator=">=", later1_value="7")
    Indicator.objects.filter(pk=found.pk).update(name="Cambiato da altri")
    response = client_as("controllo").post(URL, data)
    assert response.status_code == 409
    assert "Cambiato da altri" in response.content.decode()
    assert stored(found) == []


def test_a_new_indicator_is_created_with_its_later_targets(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    page = client.get(NEW_URL).content.decode()
    assert "Target 2025</legend>" in page
    assert 'name="later_seen"' in page
    data = {
        "code": "IND_TRE",
        "name": "Triennale",
        "comparator": ">=",
        "target_value": "10",
        "later_seen": "",
        "later1_comparator": ">=",
        "later1_value": "12,5",
        "later2_comparator": ">=",
        "later2_value": "15",
    }
    assert client.post(NEW_URL, {**data, "later2_value": ""}).status_code == 400
    assert not Indicator.objects.filter(cycle=cast, code="IND_TRE").exists()
    assert client.post(NEW_URL, data).status_code == 302
    created = Indicator.objects.get(cycle=cast, code="IND_TRE")
    assert stored(created) == [
        (2025, ">=", Decimal("12.5"), None, None),
        (2026, ">=", Decimal("15"), None, None),
    ]


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_other_roles_may_not_set_later_targets(
    cast: Cycle, client_as: Callable[[str], Client], username: str
) -> None:
    found = indicator(cast)
    response = client_as(username).post(
        URL, indicator_post(found, later1_comparator=">=", later1_value="7")
    )
    assert response.status_code == 403
    assert stored(found) == []


def test_the_service_rolls_back_the_indicator_when_the_targets_fail(
    cast: Cycle, actor_as: Callable[[str], Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = indicator(cast)

    def refuse(**kwargs: object) -> None:
        raise YearTargetError("rifiutato")

    monkeypatch.setattr(editing, "indicator_year_targets_set", refuse)
    fields = IndicatorFields(
        code=found.code,
        name="Mai salvato",
        comparator=found.comparator,
        target_value=found.target_value,
        target_upper=found.target_upper,
        target_due_on=found.target_due_on,
        target_expected=found.target_expected,
    )
    with pytest.raises(PlanEditInvalidError, match="rifiutato"):
        indicator_save(
            actor=actor_as("controllo"),
            cycle=cast,
            indicator=found,
            fields=fields,
            seen=indicator_seen(found),
            later_targets=[YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("1")))],
            later_seen=year_targets_seen(found),
        )
    found.refresh_from_db()
    assert found.name != "Mai salvato"
    assert not AuditEntry.objects.filter(action="indicator_update").exists()


def test_the_service_refuses_a_year_outside_the_next_two(
    cast: Cycle, actor_as: Callable[[str], Actor]
) -> None:
    found = indicator(cast)
    with pytest.raises(PlanEditInvalidError) as refused:
        indicator_save(
            actor=actor_as("controllo"),
            cycle=cast,
            indicator=found,
            fields=IndicatorFields(
                code=found.code,
                name=found.name,
                comparator=found.comparator,
                target_value=found.target_value,
                target_upper=found.target_upper,
                target_due_on=found.target_due_on,
                target_expected=found.target_expected,
            ),
            seen=indicator_seen(found),
            later_targets=[YearTarget(2027, Target(Comparator.AT_LEAST, Decimal("1")))],
            later_seen=year_targets_seen(found),
        )
    assert not isinstance(refused.value, PlanEditStaleError)
    assert stored(found) == []
