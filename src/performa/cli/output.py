"""Terminal, CSV and JSON renderings of the scored tree (``performa score``)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from typing import Any

from performa.reporting.formatting import format_percent, format_value
from performa.reporting.score_table import ScoreItem

CSV_COLUMNS = (
    "level",
    "code",
    "parent_code",
    "name",
    "weight",
    "operator",
    "target",
    "unit",
    "actual",
    "computed_pct",
    "evaluated_pct",
    "status",
)


def _percent(value: Decimal | None) -> str:
    """Two decimals and a dot; N/D is empty."""
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding='ROUND_HALF_UP')}"


def _plain(value: Decimal | date | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return format(value, "f")


def _fields(item: ScoreItem) -> dict[str, Any]:
    return {
        "level": item.level,
        "code": item.code,
        "parent_code": item.parent_code,
        "name": item.name,
        "weight": _percent(item.weight),
        "operator": item.operator,
        "target": _plain(item.target),
        "unit": item.unit,
        "actual": _plain(item.actual),
        "computed_pct": _percent(item.computed_percent),
        "evaluated_pct": _percent(item.evaluated_percent),
        "status": item.status,
    }


def score_csv(root: ScoreItem) -> str:
    """One row per node and per indicator link, in tree order, with exactly ``CSV_COLUMNS``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in root.walk():
        writer.writerow(_fields(item))
    return buffer.getvalue()


def score_json(root: ScoreItem) -> str:
    """The same fields as the CSV, nested: each node carries ``children``."""

    def nested(item: ScoreItem) -> dict[str, Any]:
        fields = _fields(item)
        if not item.is_indicator:
            fields["children"] = [nested(child) for child in item.children]
        return fields

    return json.dumps(nested(root), ensure_ascii=False, indent=2) + "\n"


def score_table(root: ScoreItem) -> str:
    """A readable terminal table: the tree indented, Italian number formats, statuses in words."""
    width = max(80, shutil.get_terminal_size((120, 24)).columns)
    figures = 11 + 20 + 16 + 10 + 10 + 14
    name_width = max(24, width - figures - 4)
    header = (
        f"{'Codice / denominazione':<{name_width}} {'Peso':>9} {'Target':>19} "
        f"{'Consuntivo':>15} {'Calcolato':>9} {'Valutato':>9}  Stato"
    )
    lines = [header, "─" * min(width, len(header) + 8)]
    for item in root.walk():
        indent = "  " * item.depth
        label = f"{indent}{item.code} {item.name}"
        if len(label) > name_width:
            label = label[: name_width - 1] + "…"
        weight = format_percent(item.weight) if item.weight is not None else ""
        target = ""
        actual = ""
        if item.is_indicator:
            target = f"{item.operator} {format_value(item.target, item.unit)}"
            actual = format_value(item.actual, item.unit)
        evaluated = format_percent(item.evaluated_percent)
        computed = format_percent(item.computed_percent)
        lines.append(
            f"{label:<{name_width}} {weight:>9} {target:>19} {actual:>15} "
            f"{computed:>9} {evaluated if evaluated != computed else '':>9}  {item.status_label}"
        )
    return "\n".join(lines) + "\n"
