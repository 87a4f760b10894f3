"""The gender balance: shares, per-capita gaps, the glass-ceiling index, and the section."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.reporting.document import Branding, Figure, Paragraph, Table
from performa.reporting.gender import (
    GenderSplit,
    StaffData,
    StaffFigureRow,
    female_share_percent,
    gender_balance_blocks,
    glass_ceiling_index,
    per_capita,
    per_capita_gap_percent,
    splits_of,
    staff_tables,
    tables_merged,
)
from performa.workbook.data import ContextTable, ContextTableRow


def figure(measure: str, breakdown: str, item: str, gender: str, value: str) -> StaffFigureRow:
    return StaffFigureRow(measure, breakdown, item, gender, Decimal(value))


STAFF = StaffData(
    figures=(
        figure("headcount", "category", "Dirigenti", "", "3"),
        figure("headcount", "category", "Istruttori", "", "79"),
        figure("headcount", "total", "Totale", "F", "53"),
        figure("headcount", "total", "Totale", "M", "29"),
        figure("headcount", "position", "Dirigenti", "F", "1"),
        figure("headcount", "position", "Dirigenti", "M", "2"),
        figure("part_time", "total", "Totale", "F", "11"),
        figure("part_time", "total", "Totale", "M", "1"),
        figure("training_hours", "total", "Totale", "F", "1166"),
        figure("training_hours", "total", "Totale", "M", "609"),
        figure("leave_days", "leave_type", "Congedo parentale", "F", "142"),
        figure("leave_days", "leave_type", "Congedo parentale", "M", "31"),
    ),
    note="Dati di esempio.",
    as_of="31.12.2024",
)


def test_the_share_of_women_is_the_reference_reports_64_63_percent() -> None:
    share = female_share_percent(Decimal(53), Decimal(29))
    assert share is not None
    assert round(share, 2) == Decimal("64.63")


def test_nobody_has_no_share() -> None:
    assert female_share_percent(Decimal(0), Decimal(0)) is None
    assert GenderSplit("x", Decimal(0), Decimal(0)).male_percent is None


def test_one_woman_among_three_managers_is_33_33_percent_and_the_glass_ceiling_is_1_94() -> None:
    managers = GenderSplit("Dirigenti", Decimal(1), Decimal(2))
    assert round(managers.female_percent or 0, 2) == Decimal("33.33")
    index = glass_ceiling_index(
        female_share_percent(Decimal(53), Decimal(29)), managers.female_percent
    )
    assert index is not None
    assert round(index, 2) == Decimal("1.94")


def test_no_woman_at_the_top_leaves_the_glass_ceiling_undefined() -> None:
    assert glass_ceiling_index(Decimal(60), Decimal(0)) is None
    assert glass_ceiling_index(None, Decimal(50)) is None


def test_per_capita_training_and_its_gap_between_women_and_men() -> None:
    women = per_capita(Decimal(1166), Decimal(53))
    men = per_capita(Decimal(609), Decimal(29))
    assert women == Decimal(22)
    assert men == Decimal(21)
    gap = per_capita_gap_percent(women, men)
    assert gap is not None
    assert round(gap, 2) == Decimal("4.76")
    assert per_capita(Decimal(10), Decimal(0)) is None
    assert per_capita_gap_percent(Decimal(1), Decimal(0)) is None


def test_splits_pair_women_and_men_of_each_item() -> None:
    assert splits_of(STAFF, "leave_days", "leave_type") == [
        GenderSplit("Congedo parentale", Decimal(142), Decimal(31))
    ]


def test_the_section_states_the_figures_and_shows_tables_charts_and_the_note() -> None:
    blocks = gender_balance_blocks(STAFF, Branding())
    text = " ".join(block.text for block in blocks if isinstance(block, Paragraph))
    text = text.replace("\u00a0", " ")
    assert "53 donne e 29 uomini" in text
    assert "64,63 %" in text
    assert "Dirigenti: 1 donna su 3 (33,33 %)" in text
    assert "glass ceiling" in text
    assert "1,94" in text
    assert "Dati di esempio." in text
    tables = {block.key: block for block in blocks if isinstance(block, Table)}
    assert set(tables) == {
        "genere-position",
        "genere-part-time",
        "genere-formazione",
        "genere-congedi",
    }
    part_time = [
        [cell.text.replace("\u00a0", " ") for cell in row.cells]
        for row in tables["genere-part-time"].rows
    ]
    assert part_time[1] == ["Tempo parziale", "11", "1", "12"]
    assert part_time[2][1:] == ["20,75 %", "3,45 %", "14,63 %"]
    training = [[cell.text for cell in row.cells] for row in tables["genere-formazione"].rows]
    assert training[1] == ["Ore pro capite", "22,0", "21,0", "21,6"]
    assert any(isinstance(block, Figure) for block in blocks)


def test_without_figures_the_section_says_the_data_are_to_come() -> None:
    (block,) = gender_balance_blocks(StaffData(), Branding())
    assert isinstance(block, Paragraph)
    assert "non sono ancora stati inseriti" in block.text


def test_staff_tables_total_the_categories_and_split_by_gender() -> None:
    tables = {table.code: table for table in staff_tables(STAFF)}
    assert tables["staff_by_category"].rows[-1] == ContextTableRow("TOTALE", (Decimal(82),), "N.")
    assert tables["staff_by_gender"].rows[0].values == (Decimal(53),)
    assert tables["staff_by_gender"].chart == "pie"


@pytest.mark.parametrize("section", ["staff", "other"])
def test_generated_tables_replace_those_with_their_code_in_place(section: str) -> None:
    def table(code: str, section: str, title: str = "") -> ContextTable:
        return ContextTable(code, title or code, section, ("A",), ())

    existing = (table("a", "staff"), table("b", "staff", "old"), table("c", "economy"))
    merged = tables_merged(existing, (table("b", "staff", "new"), table("d", section)))
    if section == "staff":
        assert [(item.code, item.title) for item in merged] == [
            ("a", "a"),
            ("b", "new"),
            ("d", "d"),
            ("c", "c"),
        ]
    else:
        assert [item.code for item in merged] == ["a", "b", "c", "d"]


def test_the_spreadsheet_has_a_gender_balance_sheet_with_every_pair(demo_plan) -> None:
    import io

    import openpyxl

    from performa.reporting.compose import compose_report
    from performa.reporting.renderers import render
    from performa.scoring import score_plan
    from performa.workbook.convert import scoring_plan_for

    scored = score_plan(scoring_plan_for(demo_plan), demo_plan.rules)
    content = render(compose_report(demo_plan, scored, staff=STAFF), "xlsx").content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Bilancio di genere"]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Misura", "Voce", "Donne", "Uomini", "Totale", "% donne")
    assert rows[1][:5] == ("Personale in servizio", "Totale", 53, 29, 82)
    share = rows[1][5]
    assert isinstance(share, float)
    assert round(share, 2) == 64.63
    assert rows[-1][:5] == ("Giorni di congedo", "Congedo parentale", 142, 31, 173)
    without = render(compose_report(demo_plan, scored), "xlsx").content
    assert "Bilancio di genere" not in openpyxl.load_workbook(io.BytesIO(without)).sheetnames
