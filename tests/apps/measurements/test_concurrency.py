"""Two people saving the same figure at the same moment: exactly one save wins."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from performa.apps.measurements.models import Measurement
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementEntry,
    measurement_save_draft,
)

from .conftest import PROMOTION_NUMBER

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_for_locks(save, attempts: int = 100):
    """Retry while SQLite reports a lock: the shared-cache in-memory test database answers
    "table is locked" at once where a database file waits (``busy_timeout``) as PostgreSQL does.
    """
    for _ in range(attempts - 1):
        try:
            return save()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.02)
    return save()


def test_two_concurrent_saves_from_the_same_version_cannot_both_win(
    actor, indicator, period
) -> None:
    first = measurement_save_draft(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90)),
        version=0,
    )
    editors = {"referente": Decimal(95), "dirigente": Decimal(99)}
    actors = {username: actor(username) for username in editors}
    target = indicator(PROMOTION_NUMBER)
    barrier = threading.Barrier(len(editors))
    outcomes: dict[str, str] = {}

    def edit(username: str) -> None:
        try:
            barrier.wait(timeout=10)
            waiting_for_locks(
                lambda: measurement_save_draft(
                    actor=actors[username],
                    indicator=target,
                    period=period,
                    entry=MeasurementEntry(editors[username]),
                    version=first.version,
                )
            )
            outcomes[username] = "saved"
        except MeasurementConflictError:
            outcomes[username] = "refused"
        except Exception as error:  # surfaced by the assertion below
            outcomes[username] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(username,)) for username in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(username for username, outcome in outcomes.items() if outcome == "saved")
    stored = Measurement.objects.get(pk=first.pk)
    assert stored.version == first.version + 1
    assert stored.value_number == editors[winner]
