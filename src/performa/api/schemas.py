"""Input and output schemas of the API, one per operation's body (explicit, never a model)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema


class ErrorOut(Schema):
    """The one error body: an Italian message (``detail``)."""

    detail: str


class ValidationErrorOut(Schema):
    """A request that does not fit the description (422): one entry per problem."""

    detail: list[dict[str, object]]


class YearRefOut(Schema):
    year: int
    kind: str = Field(description="results (risultati validati) oppure plan (solo piano)")


class AdministrationOut(Schema):
    code: str
    name: str
    years: list[YearRefOut]


class ScoreOut(Schema):
    computed_percent: str | None = Field(description="Grado calcolato (0-100), decimale esatto")
    evaluated_percent: str | None = Field(description="Grado valutato (0-100), decimale esatto")
    status: str
    status_label: str


class ActOut(Schema):
    reference: str
    act_on: date | None
    text: str


class PublicYearOut(Schema):
    administration_code: str
    administration_name: str
    year: int
    kind: str
    published_at: datetime
    digest: str
    plan_act: ActOut | None
    validation: ActOut | None
    entity: ScoreOut


class PublicObjectiveOut(ScoreOut):
    code: str
    parent_code: str | None
    level: str
    level_name: str
    name: str
    description: str
    weight: str | None
    owner_unit: str


class LaterTargetOut(Schema):
    year: int
    operator: str
    target: str | None


class PublicIndicatorOut(ScoreOut):
    code: str
    name: str
    description: str
    unit: str
    operator: str
    target: str | None
    target_upper: str | None
    baseline: str | None
    baseline_year: int | None
    data_source: str
    actual: str | None
    later_targets: list[LaterTargetOut]
    objective_codes: list[str]


class PublicObjectivePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PublicObjectiveOut]


class PublicIndicatorPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PublicIndicatorOut]


# -- integrations ------------------------------------------------------------------------------


class CycleOut(Schema):
    year: int
    state: str
    title: str


class PeriodOut(Schema):
    code: str
    name: str
    starts_on: date
    ends_on: date
    is_final: bool
    is_open: bool
    deadline_on: date | None


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    unit: str
    operator: str
    target_value: str | None
    target_upper: str | None
    target_due_on: date | None
    target_expected: bool | None
    baseline: str | None
    baseline_year: int | None
    data_source: str
    fingerprint: str = Field(
        description="Impronta della definizione: da rimandare in una modifica (PATCH)"
    )


class IndicatorPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[IndicatorOut]


class IndicatorPatchIn(Schema):
    """Fields to change; those left out keep their value. ``fingerprint`` as last read."""

    fingerprint: Annotated[str, Field(min_length=1, max_length=128)]
    name: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    unit: Annotated[str, Field(max_length=32)] | None = None
    description: str | None = None
    data_source: Annotated[str, Field(max_length=500)] | None = None
    target_value: str | None = Field(None, description="Numero (12.5 o 12,5)")
    target_due_on: date | None = None
    target_expected: bool | None = None
    reason: str = ""


class MeasurementOut(Schema):
    indicator_code: str
    period_code: str
    value: str | None = Field(
        description="Numero, data ISO (indicatori 'entro') o true/false; null: N/D"
    )
    not_available_reason: str
    comment: str
    status: str
    version: int


class MeasurementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeasurementOut]


class MeasurementIn(Schema):
    """A figure: ``value`` null means N/D (with a reason). ``version`` as last read (0: new)."""

    value: Annotated[str, Field(max_length=64)] | None
    not_available_reason: str = ""
    comment: str = ""
    deviation_explanation: str = ""
    version: Annotated[int, Field(ge=0)]
    submit: bool = Field(False, description="true: invia al controllo di gestione")
