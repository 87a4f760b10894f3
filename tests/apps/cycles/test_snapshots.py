"""The frozen snapshot reads back exactly what was written (no database)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from performa.apps.cycles.snapshots import frozen_scores_from, snapshot_of
from performa.reporting.score_table import ScoreItem


def _tree() -> ScoreItem:
    indicator = ScoreItem(
        level="indicator",
        code="I1",
        parent_code="O1",
        name="Pratiche evase",
        depth=2,
        weight=Decimal("50"),
        operator=">=",
        target=Decimal("7500"),
        unit="N.",
        actual=Decimal("7612.5"),
        computed_percent=Decimal("100"),
        evaluated_percent=Decimal("100"),
        status="on_track",
        status_label="IN LINEA",
    )
    dated = ScoreItem(
        level="indicator",
        code="I2",
        parent_code="O1",
        name="Regolamento adottato",
        depth=2,
        target=date(2024, 6, 30),
        actual=True,
        status="not_available",
        status_label="DA VALUTARE",
    )
    objective = ScoreItem(
        level="objective",
        code="O1",
        parent_code="ENTE",
        name="Semplificare",
        depth=1,
        weight=Decimal("100"),
        computed_percent=Decimal("96.40593110166048588926800315"),
        evaluated_percent=Decimal("90"),
        status="achieved",
        status_label="RAGGIUNTO",
        children=[indicator, dated],
    )
    return ScoreItem(
        level="entity",
        code="ENTE",
        parent_code="",
        name="Ente",
        depth=0,
        computed_percent=Decimal("96.40593110166048588926800315"),
        evaluated_percent=Decimal("90"),
        status="achieved",
        status_label="RAGGIUNTO",
        children=[objective],
    )


def test_a_snapshot_survives_json_and_reads_back_every_field_exactly() -> None:
    taken_at = datetime(2025, 4, 30, 10, 15, tzinfo=UTC)
    snapshot = snapshot_of(
        root=_tree(), rules={"rounding": "half_up"}, taken_at=taken_at, period_code="FY"
    )
    frozen = frozen_scores_from(json.loads(json.dumps(snapshot)))
    assert frozen.root == _tree()
    assert (frozen.rules, frozen.taken_at, frozen.period_code) == (
        {"rounding": "half_up"},
        taken_at,
        "FY",
    )
    assert set(frozen.nodes) == {"ENTE", "O1"}
    assert frozen.indicators["I2"].target == date(2024, 6, 30)
    assert frozen.indicators["I2"].actual is True
