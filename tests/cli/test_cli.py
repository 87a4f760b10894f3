"""The ``performa`` console script against a real (test) database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator, PlanNode
from performa.cli import main
from performa.cli.output import CSV_COLUMNS

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = Path(__file__).resolve().parents[2] / "src/performa/demo/performa-demo-2024.xlsx"


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DEMO)]) == 0
    assert "Imported cciaa-pistoia-prato 2024" in capsys.readouterr().out


def score(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["score", "--year", "2024", *args]) == 0
    return capsys.readouterr().out


def test_score_csv_has_exactly_the_documented_columns(loaded: None, capsys) -> None:
    rows = list(csv.DictReader(io.StringIO(score(capsys, "--format", "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    entity = rows[0]
    assert (entity["level"], entity["code"], entity["computed_pct"]) == (
        "entity",
        "cciaa-pistoia-prato",
        "96.41",
    )
    levels = [row["level"] for row in rows]
    assert levels.count("strategic_area") == 3
    assert levels.count("operational_objective") == 48
    protesti = next(row for row in rows if row["code"] == "01_01_0P06")
    assert (protesti["parent_code"], protesti["computed_pct"], protesti["status"]) == (
        "02_01",
        "75.43",
        "partly_achieved",
    )
    not_available = [row for row in rows if row["level"] == "indicator" and row["actual"] == ""]
    assert not_available
    assert all(
        row["computed_pct"] == "" and row["status"] == "not_available" for row in not_available
    )
    late = next(row for row in rows if row["name"] == "CUG 2024")
    assert (late["operator"], late["target"], late["actual"], late["computed_pct"]) == (
        "entro",
        "2024-02-28",
        "2024-03-26",
        "69.77",
    )
    first_indicator = next(row for row in rows if row["level"] == "indicator")
    assert first_indicator["parent_code"] == "01_01_UIC01"


def test_score_json_nests_the_same_fields(loaded: None, capsys) -> None:
    tree = json.loads(score(capsys, "--format", "json"))
    assert set(CSV_COLUMNS) <= set(tree)
    assert tree["evaluated_pct"] == "96.41"
    area = tree["children"][0]
    assert area["level"] == "strategic_area"
    assert area["computed_pct"] == "96.50"


def test_score_table_is_readable_italian(loaded: None, capsys) -> None:
    table = score(capsys)
    assert "96,41\u00a0%" in table
    assert "RAGGIUNTO" in table
    assert "FUORI TARGET" in table
    assert "DA VALUTARE" in table


def test_explain_shows_inputs_weights_and_rule(loaded: None, capsys) -> None:
    assert main(["explain", "--year", "2024", "01_01_0P06"]) == 0
    text = capsys.readouterr().out
    assert "75.43" in text
    assert "16.5" in text


def test_unknown_year_is_a_clear_error(loaded: None, capsys) -> None:
    assert main(["score", "--year", "1999"]) == 2
    assert "no 1999 cycle" in capsys.readouterr().err


def break_workbook(path: Path) -> None:
    """The five classic mistakes of a hand-edited workbook."""
    book = openpyxl.load_workbook(DEMO)
    indicators, links, tree = book["indicators"], book["links"], book["tree"]
    header = [cell.value for cell in indicators[1]]
    indicators.cell(row=2, column=header.index("operator") + 1, value="=>")
    indicators.cell(row=3, column=header.index("target") + 1, value="tanti")
    header = [cell.value for cell in links[1]]
    links.cell(row=2, column=header.index("weight") + 1, value=-10)
    links.cell(row=5, column=header.index("objective_code") + 1, value="99_99_NOPE")
    header = [cell.value for cell in tree[1]]
    tree.cell(row=6, column=header.index("code") + 1, value=tree.cell(row=5, column=1).value)
    book.save(path)


def test_a_malformed_workbook_gives_located_errors_and_changes_nothing(
    loaded: None, capsys, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.xlsx"
    break_workbook(bad)
    counts = (PlanNode.objects.count(), Indicator.objects.count(), Cycle.objects.count())
    assert main(["import", str(bad)]) == 1
    errors = capsys.readouterr().err
    for location in ("foglio «indicators», riga", "foglio «links», riga", "foglio «tree», riga"):
        assert location in errors
    assert "«=>» non è un operatore" in errors
    assert "«tanti» non è un numero" in errors
    assert "99_99_NOPE" in errors
    assert "nothing was imported" in errors
    assert (PlanNode.objects.count(), Indicator.objects.count(), Cycle.objects.count()) == counts


def test_export_round_trips_through_the_command_line(loaded: None, capsys, tmp_path: Path) -> None:
    exported = tmp_path / "export.xlsx"
    assert main(["export", "--year", "2024", str(exported)]) == 0
    assert "Exported cciaa-pistoia-prato 2024" in capsys.readouterr().out
    before = score(capsys, "--format", "csv")
    assert main(["import", str(exported)]) == 0
    assert "Replaced" in capsys.readouterr().out
    assert score(capsys, "--format", "csv") == before
