"""Reads of measurements."""

from __future__ import annotations

from performa.apps.cycles.models import Cycle
from performa.apps.measurements.models import Measurement
from performa.scoring.model import ActualValue
from performa.workbook.data import MeasurementRow


def measurement_value(measurement: Measurement) -> ActualValue | None:
    """The stored value as the scoring core takes it; ``None`` is N/D."""
    if measurement.value_number is not None:
        return measurement.value_number.normalize() + 0  # drop the column's padding zeros
    if measurement.value_date is not None:
        return measurement.value_date
    return measurement.value_bool


def measurement_rows_for(*, cycle: Cycle) -> tuple[MeasurementRow, ...]:
    """Every measurement of ``cycle``, in period then indicator order."""
    measurements = (
        Measurement.objects.filter(administration=cycle.administration, period__cycle=cycle)
        .select_related("indicator", "period")
        .order_by("period__position", "indicator__position")
    )
    return tuple(
        MeasurementRow(
            indicator_code=measurement.indicator.code,
            period_code=measurement.period.code,
            value=measurement_value(measurement),
            not_available_reason=measurement.not_available_reason,
            comment=measurement.comment,
            data_source=measurement.data_source,
        )
        for measurement in measurements
    )
