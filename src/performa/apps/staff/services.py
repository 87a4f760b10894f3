"""Writes of the organisation and staff data: the office's typed or uploaded figures and body
members (each change checked against ``Action.EDIT_CONTEXT``, audited, all or nothing), the
link of an indicator to a staff figure, and the demo's data."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record, audit_record_by
from performa.apps.contexts.services import context_tables_order, context_tables_put
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.measurements.services import MeasurementError, measurement_record_from_source
from performa.apps.plans.models import Indicator
from performa.apps.staff.models import (
    Body,
    BodyMember,
    StaffFigure,
    StaffFiguresInfo,
    StaffIndicatorSource,
)
from performa.apps.staff.parsing import (
    MemberRow,
    figures_from_grid,
    members_from_grid,
)
from performa.apps.staff.selectors import staff_source_label
from performa.reporting.gender import StaffFigureRow
from performa.workbook.grids import GridError, context_table_from_grid, read_grid

DEMO_DIRECTORY: Final = Path(__file__).resolve().parents[2] / "demo"


class StaffError(Exception):
    """A staff change refused, with the Italian message and the located errors of a file."""

    def __init__(self, message: str, errors: Iterable[GridError] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = tuple(errors)


class StaffPermissionError(StaffError):
    """The actor may not change the cycle's staff data (pages answer 403)."""


def _check(actor: Actor, cycle: Cycle) -> None:
    if not can(actor, Action.EDIT_CONTEXT, cycle=cycle):
        if cycle.administration_id == actor.administration.pk and is_cycle_locked(cycle):
            raise StaffError(
                _("Il ciclo è validato dall'OIV: i dati del personale non si modificano più.")
            )
        raise StaffPermissionError(_("Non puoi modificare i dati del personale di questo ciclo."))


def _figures_snapshot(cycle: Cycle) -> list[list[Any]]:
    return [
        [figure.measure, figure.breakdown, figure.item, figure.gender, str(figure.value)]
        for figure in StaffFigure.objects.filter(cycle=cycle).order_by("position")
    ]


def _members_snapshot(cycle: Cycle) -> list[list[Any]]:
    return [
        [
            member.body.name,
            member.name,
            member.role,
            member.sector,
            member.starts_on.isoformat() if member.starts_on else None,
            member.ends_on.isoformat() if member.ends_on else None,
        ]
        for member in BodyMember.objects.filter(body__cycle=cycle)
        .select_related("body")
        .order_by("body__position", "position")
    ]


def _write_figures(cycle: Cycle, figures: Iterable[StaffFigureRow]) -> None:
    StaffFigure.objects.filter(cycle=cycle).delete()
    StaffFigure.objects.bulk_create(
        StaffFigure(
            administration=cycle.administration,
            cycle=cycle,
            measure=row.measure,
            breakdown=row.breakdown,
            item=row.item,
            gender=row.gender,
            value=row.value,
            position=position,
        )
        for position, row in enumerate(figures)
    )


def _write_members(cycle: Cycle, members: Iterable[MemberRow]) -> None:
    Body.objects.filter(cycle=cycle).delete()
    bodies: dict[str, Body] = {}
    stored: list[BodyMember] = []
    for row in members:
        body = bodies.get(row.body)
        if body is None:
            body = Body.objects.create(
                administration=cycle.administration,
                cycle=cycle,
                kind=row.kind,
                name=row.body,
                position=len(bodies),
            )
            bodies[row.body] = body
        stored.append(
            BodyMember(
                administration=cycle.administration,
                body=body,
                name=row.name,
                role=row.role,
                sector=row.sector,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                note=row.note,
                position=sum(1 for member in stored if member.body is body),
            )
        )
    BodyMember.objects.bulk_create(stored)


def staff_figures_replace(
    *, actor: Actor, cycle: Cycle, grid: list[list[str]], as_of: str = "", note: str = ""
) -> int:
    """Replace the cycle's staff figures with those of ``grid`` (the import layout: misura;
    dimensione; voce; genere; valore), and their reference date and note. Every error of the
    grid is located; nothing is written if there is one. Returns the number of figures."""
    _check(actor, cycle)
    figures, errors = figures_from_grid(grid)
    if errors:
        raise StaffError(_("I dati del personale non sono stati salvati."), errors)
    with transaction.atomic():
        _check(actor, cycle)
        before = {"figures": _figures_snapshot(cycle), **_info_snapshot(cycle)}
        _write_figures(cycle, figures)
        StaffFiguresInfo.objects.update_or_create(
            cycle=cycle,
            defaults={"administration": cycle.administration, "as_of": as_of, "note": note},
        )
        audit_record_by(
            actor,
            cycle=cycle,
            action="staff_figures_replace",
            object_type="staff_figures",
            object_code=f"{cycle.administration.code}/{cycle.year}/personale",
            before=before,
            after={"figures": _figures_snapshot(cycle), "as_of": as_of, "note": note},
        )
        _staff_figures_feed(actor, cycle)
        cycle_touch(cycle_id=cycle.pk)
    return len(figures)


STAFF_SOURCE_PREFIX: Final = "Dati del personale"
"""How a figure fed by the staff data names its source (and is recognised as such)."""


def _staff_figures_feed(actor: Actor, cycle: Cycle) -> None:
    """Write, as the year-end figure of each indicator linked to a staff figure, that figure's
    value (through the measurements' service, audited). A figure typed or accepted from
    another source is never overwritten: the change is refused with the reason."""
    final = cycle.periods.filter(is_final=True).order_by("-position").first()
    if final is None:
        return
    sources = StaffIndicatorSource.objects.filter(indicator__cycle=cycle).select_related(
        "indicator"
    )
    problems = []
    for source in sources:
        figure = StaffFigure.objects.filter(
            cycle=cycle,
            measure=source.measure,
            breakdown=source.breakdown,
            item=source.item,
            gender=source.gender,
        ).first()
        if figure is None:
            continue
        try:
            measurement_record_from_source(
                actor=actor,
                actor_label=actor.user.get_username(),
                indicator=source.indicator,
                period=final,
                value=figure.value,
                data_source=f"{STAFF_SOURCE_PREFIX}: {staff_source_label(source)}",
                source_prefix=STAFF_SOURCE_PREFIX,
            )
        except MeasurementError as error:
            problems.append(error.message)
    if problems:
        raise StaffError(" ".join(problems))


def _info_snapshot(cycle: Cycle) -> dict[str, str]:
    info = StaffFiguresInfo.objects.filter(cycle=cycle).first()
    return {"as_of": info.as_of if info else "", "note": info.note if info else ""}


def body_members_replace(*, actor: Actor, cycle: Cycle, grid: list[list[str]]) -> int:
    """Replace the cycle's bodies and members with those of ``grid`` (organo; tipo; nome;
    ruolo; settore; dal; al; nota). All or nothing; returns the number of members."""
    _check(actor, cycle)
    members, errors = members_from_grid(grid)
    if errors:
        raise StaffError(_("Gli organi non sono stati salvati."), errors)
    with transaction.atomic():
        _check(actor, cycle)
        before = _members_snapshot(cycle)
        _write_members(cycle, members)
        audit_record_by(
            actor,
            cycle=cycle,
            action="body_members_replace",
            object_type="bodies",
            object_code=f"{cycle.administration.code}/{cycle.year}/organi",
            before=before,
            after=_members_snapshot(cycle),
        )
        cycle_touch(cycle_id=cycle.pk)
    return len(members)


def staff_file_grid(*, content: bytes, file_name: str) -> list[list[str]]:
    """The grid of an uploaded CSV/XLSX, or ``StaffError`` with the file's errors."""
    grid, errors = read_grid(content, file_name)
    if errors:
        raise StaffError(_("Il file non è stato importato."), errors)
    return grid


def staff_indicator_source_set(
    *,
    actor: Actor,
    indicator: Indicator,
    measure: str,
    breakdown: str,
    item: str,
    gender: str,
) -> StaffIndicatorSource:
    """Record that ``indicator``'s actual comes from a staff figure (shown on the indicator)
    and write that figure as the indicator's year-end value."""
    cycle = indicator.cycle
    with transaction.atomic():
        _check(actor, cycle)
        source, _created = StaffIndicatorSource.objects.update_or_create(
            indicator=indicator,
            defaults={
                "administration": cycle.administration,
                "measure": measure,
                "breakdown": breakdown,
                "item": item,
                "gender": gender,
            },
        )
        audit_record_by(
            actor,
            cycle=cycle,
            action="staff_indicator_source_set",
            object_type="indicator",
            object_code=indicator.code,
            after={"measure": measure, "breakdown": breakdown, "item": item, "gender": gender},
        )
        _staff_figures_feed(actor, cycle)
    return source


# -- the demo ----------------------------------------------------------------------------------


def _demo_grid(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [[cell.strip() for cell in row] for row in csv.reader(handle, delimiter=";")]


def demo_context_and_staff_load(*, cycle: Cycle) -> None:
    """The demo's bodies, staff figures and resources tables for ``cycle`` (2024), from the
    files under ``demo/staff/`` and ``demo/context/``; replaces what the cycle had of them.

    The files are data, not code: see docs/context-and-staff.md for which figures are the
    reference report's and which are labelled examples.
    """
    staff_directory = DEMO_DIRECTORY / "staff"
    figures, figure_errors = figures_from_grid(_demo_grid(staff_directory / "figures.csv"))
    members, member_errors = members_from_grid(_demo_grid(staff_directory / "bodies.csv"))
    info = _demo_grid(staff_directory / "info.csv")
    tables = []
    context_errors: list[str] = []
    files = []
    for path in (DEMO_DIRECTORY / "context").glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        meta = dict(line[2:].split(":", 1) for line in lines if line.startswith("# "))
        files.append((int(meta.get("posizione", "0")), path, lines, meta))
    for _position, path, lines, meta in sorted(files):
        grid = _demo_grid_text("\n".join(line for line in lines if not line.startswith("# ")))
        result = context_table_from_grid(
            grid,
            code=path.stem,
            title=meta["titolo"].strip(),
            section=meta["sezione"].strip(),
            unit=meta.get("unita", "").strip(),
            source=meta.get("fonte", "").strip(),
            chart=meta.get("grafico", "").strip(),
            note=meta.get("nota", "").strip(),
        )
        context_errors += [f"{path.name}: {error}" for error in result.errors]
        if result.table is not None:
            tables.append(result.table)
    problems = [str(error) for error in figure_errors + member_errors] + context_errors
    if problems:
        raise StaffError("the demo staff files are invalid: " + "; ".join(problems))
    with transaction.atomic():
        _write_figures(cycle, figures)
        StaffFiguresInfo.objects.update_or_create(
            cycle=cycle,
            defaults={
                "administration": cycle.administration,
                "as_of": info[1][0],
                "note": info[1][1],
            },
        )
        _write_members(cycle, members)
        context_tables_put(cycle=cycle, tables=tables)
        context_tables_order(cycle=cycle, codes=[table.code for table in tables])
        audit_record(
            administration=cycle.administration,
            cycle=cycle,
            actor_label="demo",
            action="demo_staff_load",
            object_type="staff_figures",
            object_code=f"{cycle.administration.code}/{cycle.year}/personale",
            after={"figures": len(figures), "members": len(members), "tables": len(tables)},
        )
        cycle_touch(cycle_id=cycle.pk)


def _demo_grid_text(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in csv.reader(text.splitlines(), delimiter=";")]


def staff_value(value: Decimal) -> str:
    """A figure as typed in the editor (decimal comma)."""
    return format(value, "f").replace(".", ",")
