"""Writes of measurements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import Indicator
from performa.workbook.data import MeasurementRow


def measurements_replace(
    *,
    cycle: Cycle,
    rows: Iterable[MeasurementRow],
    indicators: Mapping[str, Indicator],
    periods: Mapping[str, MonitoringPeriod],
) -> int:
    """Replace every measurement of ``cycle`` with ``rows``; call inside the import's transaction.

    Returns the number of measurements written.
    """
    Measurement.objects.filter(administration=cycle.administration, period__cycle=cycle).delete()
    measurements = []
    for row in rows:
        value = row.value
        measurements.append(
            Measurement(
                administration=cycle.administration,
                indicator=indicators[row.indicator_code],
                period=periods[row.period_code],
                value_number=value if isinstance(value, Decimal) else None,
                value_date=value if isinstance(value, date) else None,
                value_bool=value if isinstance(value, bool) else None,
                not_available_reason=row.not_available_reason,
                comment=row.comment,
                data_source=row.data_source,
            )
        )
    Measurement.objects.bulk_create(measurements)
    return len(measurements)
