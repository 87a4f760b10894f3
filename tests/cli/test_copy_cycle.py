"""``performa copy-cycle``: a new cycle from an earlier one's plan, as an office account."""

from __future__ import annotations

from pathlib import Path

import pytest

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator
from performa.cli import main

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = Path(__file__).resolve().parents[2] / "src/performa/demo/performa-demo-2024.xlsx"


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str], settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert main(["import", str(DEMO)]) == 0
    demo_accounts_ensure(administration=Cycle.objects.get(year=2024).administration)
    capsys.readouterr()


def test_copy_cycle_creates_the_next_year(loaded: None, capsys) -> None:
    assert main(["copy-cycle", "--from", "2024", "--to", "2025", "--user", "controllo"]) == 0
    out = capsys.readouterr().out
    assert "Copied cciaa-pistoia-prato 2024 to 2025:" in out
    assert "379 indicators" in out
    assert "389 links" in out
    assert "/cciaa-pistoia-prato/2025/piano/target-da-verificare/" in out
    assert Indicator.objects.filter(cycle__year=2025, target_to_review=True).count() == 379
    entry = AuditEntry.objects.get(action="cycle_copy")
    assert entry.actor is not None
    assert entry.actor.username == "controllo"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024", "--to", "2025", "--user", "dirigente"], "Il tuo ruolo non consente"),
        (["--from", "2024", "--to", "2025", "--user", "nessuno"], "no active user 'nessuno'"),
        (["--from", "2023", "--to", "2025", "--user", "controllo"], "no 2023 cycle"),
        (["--from", "2024", "--to", "2024", "--user", "controllo"], "deve seguire il 2024"),
    ],
)
def test_copy_cycle_refusals_change_nothing(
    loaded: None, capsys, args: list[str], message: str
) -> None:
    assert main(["copy-cycle", *args]) == 2
    assert message in capsys.readouterr().err
    assert list(Cycle.objects.values_list("year", flat=True)) == [2024]


def test_copy_cycle_refuses_an_existing_year(loaded: None, capsys) -> None:
    command = ["copy-cycle", "--from", "2024", "--to", "2025", "--user", "controllo"]
    assert main(command) == 0
    assert main(command) == 2
    assert "Il ciclo 2025 esiste già" in capsys.readouterr().err
