"""The gender balance (bilancio di genere) and the staff tables of the Relazione, from staff
figures (aggregate counts, hours and days; never personal records).

The computations (shares, per-capita values, gaps, the glass-ceiling index) are plain functions
on ``Decimal``s, unrounded; ``gender_balance_blocks`` lays them out as tables, charts and a
short text. Source: art. 10 c. 1 lett. b D.Lgs. 150/2009, Directive 2/2019; DOMAIN.md §6.6.
No ORM, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from performa.reporting.charts import ChartData, ChartKind, Series, chart_figure
from performa.reporting.document import (
    Align,
    Block,
    Branding,
    Cell,
    Column,
    Dataset,
    Paragraph,
    ParagraphStyle,
    Row,
    RowKind,
    Table,
)
from performa.reporting.formatting import format_number, format_percent
from performa.workbook.data import ContextTable, ContextTableRow

__all__ = [
    "FEMALE",
    "MALE",
    "GenderSplit",
    "StaffData",
    "StaffFigureRow",
    "female_share_percent",
    "gender_balance_blocks",
    "gender_dataset",
    "glass_ceiling_index",
    "per_capita",
    "per_capita_gap_percent",
    "splits_of",
    "staff_tables",
    "tables_merged",
]

FEMALE: Final = "F"
MALE: Final = "M"
_HUNDRED: Final = Decimal(100)

MEASURE_LABELS: Final = {
    "headcount": "Personale in servizio",
    "part_time": "Personale a tempo parziale",
    "fte": "Personale equivalente (FTE)",
    "training_hours": "Ore di formazione",
    "leave_days": "Giorni di congedo",
}
BREAKDOWN_TITLES: Final = {
    "category": "Personale per categoria e genere",
    "position": "Dirigenti e incarichi di Elevata Qualificazione per genere",
    "education": "Personale per titolo di studio e genere",
    "age_band": "Personale per fascia di età e genere",
}


@dataclass(frozen=True, slots=True)
class StaffFigureRow:
    """One staff figure: ``measure`` (headcount, part_time, fte, training_hours, leave_days),
    ``breakdown`` (total, category, position, education, age_band, leave_type), the ``item``
    of that breakdown, ``gender`` ("F", "M" or "" for both) and the value."""

    measure: str
    breakdown: str
    item: str
    gender: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class StaffData:
    """A cycle's staff figures in their order, and a note on their provenance (shown in the
    report, e.g. which figures are examples)."""

    figures: tuple[StaffFigureRow, ...] = ()
    note: str = ""
    as_of: str = ""
    """The reference date of the headcount, e.g. "31.12.2024"."""

    def value(self, measure: str, breakdown: str, item: str, gender: str) -> Decimal | None:
        """The figure, or ``None`` when not given."""
        for row in self.figures:
            if (row.measure, row.breakdown, row.item, row.gender) == (
                measure,
                breakdown,
                item,
                gender,
            ):
                return row.value
        return None

    def items(self, measure: str, breakdown: str) -> list[str]:
        """The items of ``breakdown`` for ``measure``, in the order first given."""
        found: list[str] = []
        for row in self.figures:
            if row.measure == measure and row.breakdown == breakdown and row.item not in found:
                found.append(row.item)
        return found


@dataclass(frozen=True, slots=True)
class GenderSplit:
    """Women and men for one item (a category, "Totale"…), with what derives from them."""

    label: str
    female: Decimal
    male: Decimal

    @property
    def total(self) -> Decimal:
        return self.female + self.male

    @property
    def female_percent(self) -> Decimal | None:
        return female_share_percent(self.female, self.male)

    @property
    def male_percent(self) -> Decimal | None:
        share = self.female_percent
        return None if share is None else _HUNDRED - share


def female_share_percent(female: Decimal, male: Decimal) -> Decimal | None:
    """Women's share of the whole, 0–100, unrounded; ``None`` when there is nobody.

    Reference report: 53 women of 82 staff = 64,63 % ("Distribuzione del personale per genere").
    """
    whole = female + male
    if whole <= 0:
        return None
    return female * _HUNDRED / whole


def per_capita(total: Decimal | None, persons: Decimal | None) -> Decimal | None:
    """``total`` (hours, days) per person; ``None`` when either is missing or nobody."""
    if total is None or persons is None or persons <= 0:
        return None
    return total / persons


def per_capita_gap_percent(female: Decimal | None, male: Decimal | None) -> Decimal | None:
    """How far women's per-capita value is from men's, as a percentage of men's:
    (F − M) / M × 100; negative when women have less. ``None`` without both or with M = 0."""
    if female is None or male is None or male == 0:
        return None
    return (female - male) * _HUNDRED / male


def glass_ceiling_index(
    staff_female_percent: Decimal | None, top_female_percent: Decimal | None
) -> Decimal | None:
    """Women's share of all staff over their share of the top posts: 1 is parity, above 1 means
    women reach the top posts less than their presence would suggest. ``None`` when the top
    share is zero or missing (the index is undefined: no woman at the top)."""
    if staff_female_percent is None or not top_female_percent:
        return None
    return staff_female_percent / top_female_percent


def splits_of(staff: StaffData, measure: str, breakdown: str) -> list[GenderSplit]:
    """Every item of ``breakdown`` that has a women's or a men's figure for ``measure``."""
    splits = []
    for item in staff.items(measure, breakdown):
        female = staff.value(measure, breakdown, item, FEMALE)
        male = staff.value(measure, breakdown, item, MALE)
        if female is None and male is None:
            continue
        splits.append(GenderSplit(item, female or Decimal(0), male or Decimal(0)))
    return splits


def _overall(staff: StaffData) -> GenderSplit | None:
    """All staff by gender: the "total" figures, else the sum over the categories."""
    total = splits_of(staff, "headcount", "total")
    if total:
        return GenderSplit("Totale", total[0].female, total[0].male)
    categories = splits_of(staff, "headcount", "category")
    if not categories:
        return None
    return GenderSplit(
        "Totale",
        sum((split.female for split in categories), Decimal(0)),
        sum((split.male for split in categories), Decimal(0)),
    )


# -- the staff tables of §2.2 ------------------------------------------------------------------


def staff_tables(staff: StaffData) -> tuple[ContextTable, ...]:
    """The report's staff tables from the figures for both genders together: staff by category
    (with its total), by gender and by education (pies). Codes are those of the context tables
    they replace (``staff_by_category``, ``staff_by_gender``, ``staff_by_education``)."""
    tables: list[ContextTable] = []
    as_of = f" al {staff.as_of}" if staff.as_of else ""
    categories = [
        (item, staff.value("headcount", "category", item, ""))
        for item in staff.items("headcount", "category")
    ]
    categories = [(item, value) for item, value in categories if value is not None]
    if categories:
        total = sum((value for _, value in categories if value is not None), Decimal(0))
        tables.append(
            ContextTable(
                code="staff_by_category",
                title=f"Personale in servizio{as_of}",
                section="staff",
                columns=("Totale",),
                rows=tuple(ContextTableRow(item, (value,), "N.") for item, value in categories)
                + (ContextTableRow("TOTALE", (total,), "N."),),
                chart="column",
                unit="N.",
            )
        )
    overall = _overall(staff)
    if overall is not None:
        tables.append(
            ContextTable(
                code="staff_by_gender",
                title="Personale per genere",
                section="staff",
                columns=("Unità",),
                rows=(
                    ContextTableRow("Donne", (overall.female,), "N."),
                    ContextTableRow("Uomini", (overall.male,), "N."),
                ),
                chart="pie",
                unit="N.",
            )
        )
    education = [
        (item, staff.value("headcount", "education", item, ""))
        for item in staff.items("headcount", "education")
    ]
    education = [(item, value) for item, value in education if value is not None]
    if education:
        tables.append(
            ContextTable(
                code="staff_by_education",
                title="Personale per titolo di studio",
                section="staff",
                columns=("Unità",),
                rows=tuple(ContextTableRow(item, (value,), "N.") for item, value in education),
                chart="pie",
                unit="N.",
            )
        )
    return tuple(tables)


def tables_merged(
    tables: tuple[ContextTable, ...], generated: Iterable[ContextTable]
) -> tuple[ContextTable, ...]:
    """``tables`` with each ``generated`` table in place of the one with its code; generated
    tables with a new code go after the last table of their section (or at the end)."""
    replacing = {table.code: table for table in generated}
    merged = [replacing.pop(table.code, table) for table in tables]
    for table in replacing.values():
        last = max(
            (index for index, other in enumerate(merged) if other.section == table.section),
            default=len(merged) - 1,
        )
        merged.insert(last + 1, table)
    return tuple(merged)


# -- the gender balance section ----------------------------------------------------------------


def gender_balance_blocks(staff: StaffData, branding: Branding) -> tuple[Block, ...]:
    """The bilancio di genere: a generated text, then tables and charts of staff, posts,
    part-time, training and leave by gender; a note says where figures are examples."""
    overall = _overall(staff)
    if overall is None:
        return (
            Paragraph(
                "I dati sul personale per genere non sono ancora stati inseriti: il bilancio di "
                "genere sarà completato dall'amministrazione.",
                ParagraphStyle.NOTE,
            ),
        )
    blocks: list[Block] = [Paragraph(text) for text in _summary(staff, overall)]
    if staff.note.strip():
        blocks.append(Paragraph(staff.note.strip(), ParagraphStyle.NOTE))
    for breakdown, title in BREAKDOWN_TITLES.items():
        splits = splits_of(staff, "headcount", breakdown)
        if splits:
            blocks += _split_blocks(f"genere-{breakdown}", title, splits, branding)
    blocks += _part_time_blocks(staff, overall)
    blocks += _training_blocks(staff, overall)
    leave = splits_of(staff, "leave_days", "leave_type")
    if leave:
        blocks += _split_blocks(
            "genere-congedi", "Giorni di congedo per tipo e genere", leave, branding, unit="gg"
        )
    return tuple(blocks)


def gender_dataset(staff: StaffData) -> Dataset | None:
    """The gender balance for analysts (one XLSX sheet "Bilancio di genere"): every women/men
    pair of the staff figures, one row each, with the total and women's share (0–100)."""
    rows: list[tuple[Cell, ...]] = []
    for measure, label in MEASURE_LABELS.items():
        for breakdown in ("total", *BREAKDOWN_TITLES, "leave_type"):
            for split in splits_of(staff, measure, breakdown):
                rows.append(
                    (
                        Cell(label, label),
                        Cell(split.label, split.label),
                        Cell(_count(split.female), split.female),
                        Cell(_count(split.male), split.male),
                        Cell(_count(split.total), split.total),
                        Cell(format_percent(split.female_percent), split.female_percent),
                    )
                )
    if not rows:
        return None
    columns = (
        Column("Misura", Align.LEFT, 3),
        Column("Voce", Align.LEFT, 4),
        Column("Donne", Align.RIGHT, 1, "number"),
        Column("Uomini", Align.RIGHT, 1, "number"),
        Column("Totale", Align.RIGHT, 1, "number"),
        Column("% donne", Align.RIGHT, 1, "number"),
    )
    return Dataset("bilancio-di-genere", "Bilancio di genere", columns, tuple(rows))


def _summary(staff: StaffData, overall: GenderSplit) -> list[str]:
    texts = [
        f"Il personale è composto da {_count(overall.female)} {_women(overall.female)} e "
        f"{_count(overall.male)} {'uomo' if overall.male == 1 else 'uomini'}: le donne sono il {format_percent(overall.female_percent)} del totale "
        f"({_count(overall.total)} unità)."
    ]
    positions = splits_of(staff, "headcount", "position")
    for split in positions:
        texts.append(
            f"{split.label}: {_count(split.female)} {_women(split.female)} su "
            f"{_count(split.total)} "
            f"({format_percent(split.female_percent)})."
        )
    if positions:
        index = glass_ceiling_index(overall.female_percent, positions[0].female_percent)
        if index is not None:
            reading = (
                "le donne accedono a questi incarichi in misura inferiore alla loro presenza"
                if index > 1
                else "le donne accedono a questi incarichi almeno in proporzione alla loro presenza"
            )
            texts.append(
                f"L'indice di glass ceiling per «{positions[0].label}» (quota di donne nel "
                f"personale sulla quota di donne negli incarichi) è {format_number(index, 2)}: "
                f"{reading}."
            )
    return [" ".join(texts)]


def _split_blocks(
    key: str,
    title: str,
    splits: Iterable[GenderSplit],
    branding: Branding,
    *,
    unit: str = "N.",
) -> tuple[Block, ...]:
    """A table of women, men, total and women's share per item, and its column chart."""
    shown = list(splits)
    columns = (
        Column("", Align.LEFT, 4),
        Column("Donne", Align.RIGHT, 1, "number"),
        Column("Uomini", Align.RIGHT, 1, "number"),
        Column("Totale", Align.RIGHT, 1, "number"),
        Column("% donne", Align.RIGHT, 1, "percent"),
    )
    rows = [_split_row(split) for split in shown]
    if len(shown) > 1 and key != "genere-position":
        total = GenderSplit(
            "Totale",
            sum((split.female for split in shown), Decimal(0)),
            sum((split.male for split in shown), Decimal(0)),
        )
        rows.append(_split_row(total, RowKind.TOTAL))
    table = Table(key=key, caption=title, columns=columns, rows=tuple(rows))
    data = ChartData(
        tuple(split.label for split in shown),
        (
            Series("Donne", tuple(split.female for split in shown)),
            Series("Uomini", tuple(split.male for split in shown)),
        ),
        unit,
    )
    figure = chart_figure(
        ChartKind.COLUMN, data, key=f"grafico-{key}", caption=title, branding=branding, table=table
    )
    return figure, table


def _split_row(split: GenderSplit, kind: RowKind = RowKind.BODY) -> Row:
    return Row(
        (
            Cell(split.label, split.label),
            Cell(_count(split.female), split.female),
            Cell(_count(split.male), split.male),
            Cell(_count(split.total), split.total),
            Cell(format_percent(split.female_percent), split.female_percent),
        ),
        kind,
    )


def _part_time_blocks(staff: StaffData, overall: GenderSplit) -> tuple[Block, ...]:
    part_time = splits_of(staff, "part_time", "total")
    if not part_time:
        return ()
    female, male = part_time[0].female, part_time[0].male
    columns = (
        Column("", Align.LEFT, 4),
        Column("Donne", Align.RIGHT, 1, "number"),
        Column("Uomini", Align.RIGHT, 1, "number"),
        Column("Totale", Align.RIGHT, 1, "number"),
    )
    rows = (
        _plain_row("Tempo pieno", overall.female - female, overall.male - male),
        _plain_row("Tempo parziale", female, male),
        _plain_row(
            "% a tempo parziale",
            _share(female, overall.female),
            _share(male, overall.male),
            _share(female + male, overall.total),
            is_percent=True,
        ),
    )
    return (
        Table(
            key="genere-part-time",
            caption="Personale a tempo pieno e a tempo parziale per genere",
            columns=columns,
            rows=rows,
        ),
    )


def _training_blocks(staff: StaffData, overall: GenderSplit) -> tuple[Block, ...]:
    training = splits_of(staff, "training_hours", "total")
    if not training:
        return ()
    female, male = training[0].female, training[0].male
    female_each = per_capita(female, overall.female)
    male_each = per_capita(male, overall.male)
    gap = per_capita_gap_percent(female_each, male_each)
    columns = (
        Column("", Align.LEFT, 4),
        Column("Donne", Align.RIGHT, 1, "number"),
        Column("Uomini", Align.RIGHT, 1, "number"),
        Column("Totale", Align.RIGHT, 1, "number"),
    )
    rows = (
        _plain_row("Ore di formazione", female, male, female + male),
        _plain_row(
            "Ore pro capite",
            female_each,
            male_each,
            per_capita(female + male, overall.total),
            decimals=1,
        ),
    )
    notes = (
        (
            f"Differenza delle ore pro capite delle donne rispetto agli uomini: "
            f"{format_number(gap, 1)} %.",
        )
        if gap is not None
        else ()
    )
    return (
        Table(
            key="genere-formazione",
            caption="Ore di formazione per genere",
            columns=columns,
            rows=rows,
            notes=notes,
        ),
    )


def _plain_row(
    label: str,
    female: Decimal | None,
    male: Decimal | None,
    total: Decimal | None = None,
    *,
    is_percent: bool = False,
    decimals: int = 0,
) -> Row:
    if total is None and not is_percent and female is not None and male is not None:
        total = female + male

    def cell(value: Decimal | None) -> Cell:
        if value is None:
            return Cell("—", None)
        if is_percent:
            return Cell(format_percent(value), value)
        return Cell(format_number(value, decimals), value)

    return Row((Cell(label, label), cell(female), cell(male), cell(total)))


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole <= 0 else part * _HUNDRED / whole


def _women(count: Decimal) -> str:
    return "donna" if count == 1 else "donne"


def _count(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return format_number(value, decimals)
