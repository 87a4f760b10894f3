"""The Relazione's section 4 comes from the evaluation sheets: objectives and grades, never an
individual total."""

from __future__ import annotations

import pytest

from performa.apps.appraisals.models import Sheet
from performa.apps.cycles.models import Cycle
from performa.apps.reports.documents import report_for
from performa.reporting.document import Table

pytestmark = pytest.mark.django_db


def _section_4_tables(cycle: Cycle) -> dict[str, Table]:
    report = report_for(cycle=cycle)
    section = next(section for section in report.sections if section.number == "4")
    return {block.key: block for block in section.blocks if isinstance(block, Table)}


def test_section_4_lists_each_manager_s_sheet_objectives(demo_sheets, cast) -> None:
    tables = _section_4_tables(cast)
    assert [len(table.rows) for table in tables.values()] == [30, 25, 12]
    assert tables["obiettivi-individuali-SG"].caption == "Segretario Generale (Catia Baroncelli)"
    first = tables["obiettivi-individuali-DIR-TUT"].rows[0].cells
    assert first[0].text.startswith("Processo di riorganizzazione")
    assert first[1].text.replace("\xa0", " ") == "94,28 %"


def test_an_objective_taken_off_a_sheet_leaves_section_4(demo_sheets, cast) -> None:
    sheet: Sheet = demo_sheets["DIR-TUT"]
    sheet.objectives.filter(position=0).delete()
    tables = _section_4_tables(cast)
    assert len(tables["obiettivi-individuali-DIR-TUT"].rows) == 11


def test_section_4_shows_no_individual_total(demo_sheets, cast) -> None:
    for table in _section_4_tables(cast).values():
        assert [column.label for column in table.columns][1:] == ["Performance", "Stato"]
        assert "Totale" not in repr(table)
