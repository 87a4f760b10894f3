"""The Relazione's customer-satisfaction block comes from the survey when the cycle has one."""

from __future__ import annotations

from performa.apps.cycles.models import Cycle
from performa.apps.reports.documents import report_for
from performa.apps.surveys.services import surveys_demo_load
from performa.reporting.document import Figure, Report, Section, Table


def section(report: Report) -> Section:
    return next(s for s in report.walk_sections() if s.key == "2.2-customer-satisfaction")


def table(part: Section, key: str) -> Table:
    return next(b for b in part.blocks if isinstance(b, Table) and b.key == key)


def rows_of(found: Table) -> dict[str, list[str]]:
    return {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in found.rows}


def test_without_a_survey_the_typed_tables_stay(demo_cycle: Cycle) -> None:
    part = section(report_for(cycle=demo_cycle))
    keys = [b.key for b in part.blocks if isinstance(b, Table)]
    assert "contesto-customer_satisfaction_services" not in keys
    assert "contesto-customer_satisfaction_summary" in keys


def test_the_demo_survey_gives_the_reference_report_figures(demo_cycle: Cycle) -> None:
    surveys_demo_load(cycle=demo_cycle)
    demo_cycle.refresh_from_db()
    part = section(report_for(cycle=demo_cycle))
    summary = rows_of(table(part, "contesto-customer_satisfaction_summary"))
    assert summary["Questionari raccolti"] == ["1.523"]
    assert summary["Indice di soddisfazione complessivo"] == ["87,9\u00a0%"]
    assert summary["Giudizio medio complessivo"] == ["8,2"]
    assert summary["Quota di insoddisfatti"] == ["4,7\u00a0%"]
    assert summary["Utenti contattati"] == ["22.902"]
    assert summary["Tasso di risposta"] == ["6,7\u00a0%"]
    assert summary["Durata della rilevazione in giorni"] == ["21"]
    services = rows_of(table(part, "contesto-customer_satisfaction_services"))
    assert services["Registro imprese"][:2] == ["80", "7,30"]
    assert services["Front office"][:2] == ["1.200", "8,40"]
    assert services["Tutela del consumatore"][1] == "6,90"
    assert services["Totale"][0] == "1.523"
    history = next(b for b in part.blocks if isinstance(b, Figure))
    assert "2021 7,9; 2022 8,0; 2023 8,1; 2024 8,2" in history.alt_text
