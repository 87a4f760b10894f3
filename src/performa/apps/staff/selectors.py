"""Reads of the organisation and staff data: as plain data for the report and the editors."""

from __future__ import annotations

from decimal import Decimal

from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator
from performa.apps.staff.models import (
    Body,
    BodyKind,
    BodyMember,
    StaffBreakdown,
    StaffFigure,
    StaffFiguresInfo,
    StaffGender,
    StaffIndicatorSource,
    StaffMeasure,
)
from performa.apps.staff.parsing import MemberRow
from performa.reporting.context import number_text
from performa.reporting.gender import StaffData, StaffFigureRow, staff_tables
from performa.workbook.data import ContextTable, ContextTableRow

_BODY_CODES = {
    BodyKind.COUNCIL: "council",
    BodyKind.EXECUTIVE_BOARD: "executive_board",
    BodyKind.AUDITORS: "auditors",
}
"""Report table codes of the bodies: those of the context tables they replace."""


def staff_data_for(*, cycle: Cycle) -> StaffData:
    """The cycle's staff figures in their order, with their reference date and note."""
    info = StaffFiguresInfo.objects.filter(cycle=cycle).first()
    return StaffData(
        figures=tuple(
            StaffFigureRow(
                figure.measure, figure.breakdown, figure.item, figure.gender, _exact(figure.value)
            )
            for figure in StaffFigure.objects.filter(
                administration=cycle.administration, cycle=cycle
            ).order_by("position", "pk")
        ),
        note=info.note if info else "",
        as_of=info.as_of if info else "",
    )


def _exact(value: Decimal) -> Decimal:
    """A stored figure with the decimals it was given: ``1.00`` → ``1``, ``80.50`` → ``80.5``
    (the column keeps two places; the report shows a number's own decimals)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def members_of(*, cycle: Cycle) -> list[MemberRow]:
    """Every member of every body of the cycle, body by body, in order."""
    return [
        MemberRow(
            body=member.body.name,
            kind=member.body.kind,
            name=member.name,
            role=member.role,
            sector=member.sector,
            starts_on=member.starts_on,
            ends_on=member.ends_on,
            note=member.note,
        )
        for member in BodyMember.objects.filter(
            administration=cycle.administration, body__cycle=cycle
        )
        .select_related("body")
        .order_by("body__position", "position")
    ]


def body_tables_for(*, cycle: Cycle) -> tuple[ContextTable, ...]:
    """One table per body (name; sector or role; notes), for the report's "L'organizzazione"."""
    tables = []
    for body in Body.objects.filter(administration=cycle.administration, cycle=cycle).order_by(
        "position"
    ):
        members = list(body.members.order_by("position"))
        has_sector = any(member.sector for member in members)
        column = "Settore di appartenenza" if has_sector else "Ruolo"
        notes = [f"{member.name}: {member.note}" for member in members if member.note]
        tables.append(
            ContextTable(
                code=_BODY_CODES.get(BodyKind(body.kind), f"body-{body.pk}"),
                title=body.name,
                section="organisation",
                columns=(column,),
                rows=tuple(
                    ContextTableRow(
                        member.name,
                        (
                            " - ".join(part for part in (member.role, member.sector) if part)
                            if has_sector
                            else member.role or None,
                        ),
                    )
                    for member in members
                ),
                note=" ".join(notes),
            )
        )
    return tuple(tables)


def staff_report_tables_for(*, cycle: Cycle) -> tuple[ContextTable, ...]:
    """The report tables made from the organisation and staff data: bodies, then staff."""
    return body_tables_for(cycle=cycle) + staff_tables(staff_data_for(cycle=cycle))


def staff_source_for(*, indicator: Indicator) -> StaffIndicatorSource | None:
    """The staff figure an indicator takes its actual from, if linked."""
    return StaffIndicatorSource.objects.filter(indicator=indicator).first()


def staff_source_label(source: StaffIndicatorSource) -> str:
    """The staff figure a source names: "personale equivalente (FTE), donne"."""
    parts = [
        StaffMeasure(source.measure).label,
        StaffBreakdown(source.breakdown).label if source.breakdown != StaffBreakdown.TOTAL else "",
        source.item if source.breakdown != StaffBreakdown.TOTAL else "",
        StaffGender(source.gender).label if source.gender else "",
    ]
    return ", ".join(str(part) for part in parts if part)


def staff_source_line(*, cycle: Cycle, indicator_code: str) -> str | None:
    """An indicator's staff source as shown on it ("personale equivalente (FTE): 80,5"), or
    ``None`` when the indicator takes no staff figure."""
    source = (
        StaffIndicatorSource.objects.filter(
            administration=cycle.administration,
            indicator__cycle=cycle,
            indicator__code=indicator_code,
        )
        .select_related("indicator")
        .first()
    )
    if source is None:
        return None
    figure = StaffFigure.objects.filter(
        cycle=cycle,
        measure=source.measure,
        breakdown=source.breakdown,
        item=source.item,
        gender=source.gender,
    ).first()
    value = number_text(_exact(figure.value)) if figure is not None else "N/D"
    return f"{staff_source_label(source)}: {value}"


def staff_sources_of(*, cycle: Cycle) -> list[tuple[str, str]]:
    """Every indicator of the cycle linked to a staff figure: (indicator code, source line)."""
    lines = []
    for source in (
        StaffIndicatorSource.objects.filter(
            administration=cycle.administration, indicator__cycle=cycle
        )
        .select_related("indicator")
        .order_by("indicator__code")
    ):
        line = staff_source_line(cycle=cycle, indicator_code=source.indicator.code)
        lines.append((source.indicator.code, line or ""))
    return lines
