"""The layout is coherent and documented: docs/workbook.md names every sheet, column and key."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from performa.workbook import layout
from performa.workbook.data import PlanData
from performa.workbook.layout import CYCLE_KEYS, SHEETS, column_letter, sheet_named

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workbook.md"


def test_sheet_names_and_column_keys_are_unique() -> None:
    assert len({sheet.name for sheet in SHEETS}) == len(SHEETS)
    for sheet in SHEETS:
        assert len(set(sheet.keys)) == len(sheet.keys), sheet.name
        assert all(re.fullmatch(r"[a-z_]+", key) for key in sheet.keys)


def test_every_column_has_italian_help_for_the_instructions() -> None:
    for sheet in SHEETS:
        assert sheet.help
        assert all(column.help for column in sheet.columns)


def test_lookups() -> None:
    assert sheet_named("tree") is layout.TREE
    assert sheet_named("istruzioni") is None
    assert layout.INDICATORS.letter("target") == "E"
    with pytest.raises(KeyError):
        layout.TREE.column("nope")
    assert [column_letter(index) for index in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_docs_describe_every_sheet_and_column(sheet) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"### `{sheet.name}`" in text
    section = text.split(f"### `{sheet.name}`")[1].split("\n### ")[0]
    for key in sheet.keys:
        assert f"`{key}`" in section, f"{sheet.name}.{key} is not documented"


def test_docs_describe_every_cycle_key() -> None:
    section = DOCS.read_text(encoding="utf-8").split("### `cycle`")[1].split("\n### ")[0]
    for key_field in CYCLE_KEYS:
        assert f"| `{key_field.key}` |" in section


SHEET_OF_FIELD = {
    "cycle": "cycle",
    "rules": "rules",
    "levels": "levels",
    "nodes": "tree",
    "indicators": "indicators",
    "links": "links",
    "periods": "periods",
    "measurements": "measurements",
    "units": "units",
    "people": "people",
    "overrides": "overrides",
    "assignments": "assignments",
    "notes": "notes",
    "narratives": "narratives",
    "context_tables": "context",
    "process_steps": "process",
    "base_measures": "base_measures",
    "base_values": "base_values",
}


def test_every_plan_data_field_has_its_sheet() -> None:
    """A new PlanData field must get a sheet; test_round_trip checks that every field is filled
    in the representative plan, so its identity test covers the new sheet too."""
    assert set(SHEET_OF_FIELD) == {field.name for field in fields(PlanData)}
    assert sorted(SHEET_OF_FIELD.values()) == sorted(sheet.name for sheet in SHEETS)


def test_choice_columns_list_their_choices() -> None:
    for sheet in SHEETS:
        for column in sheet.columns:
            assert bool(column.choices) == (column.kind is layout.ColumnKind.CHOICE), column.key
    assert layout.CONTEXT.column("section").choices == layout.CONTEXT_SECTIONS
    assert layout.PROCESS.column("year").choices == ("N", "N+1")
