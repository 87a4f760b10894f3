"""A Relazione is rendered once per content: unchanged data downloads from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from performa.apps.cycles.models import Cycle
from performa.apps.reports.documents import report_file
from performa.apps.reports.models import Narrative

pytestmark = pytest.mark.django_db


def cached_files() -> list[Path]:
    return sorted((Path(settings.PERFORMA_HOME) / "cache" / "reports").glob("*.html"))


def test_unchanged_data_is_served_from_the_cached_file(demo_cycle: Cycle) -> None:
    first = report_file(cycle=demo_cycle, format_name="html")
    [cached] = cached_files()
    assert cached.read_bytes() == first.content
    cached.write_bytes(first.content + b"<!-- served from the cache -->")
    second = report_file(cycle=demo_cycle, format_name="html")
    assert second.content.endswith(b"<!-- served from the cache -->")
    assert second.name == first.name == "relazione-performance-2024-cciaa-pistoia-prato.html"


def test_a_change_that_shows_in_the_report_makes_a_new_file(demo_cycle: Cycle) -> None:
    report_file(cycle=demo_cycle, format_name="html")
    [before] = cached_files()
    narrative = Narrative.objects.filter(cycle=demo_cycle).first()
    assert narrative is not None
    narrative.text = "Un nuovo testo di premessa scritto dall'ufficio."
    narrative.save()
    fresh = report_file(cycle=demo_cycle, format_name="html")
    assert "Un nuovo testo di premessa" in fresh.content.decode()
    [after] = cached_files()
    assert after != before, "the earlier version is replaced, not kept beside it"


def test_an_overridden_template_makes_a_new_file(demo_cycle: Cycle) -> None:
    report_file(cycle=demo_cycle, format_name="html")
    folder = Path(settings.PERFORMA_HOME) / "templates" / demo_cycle.administration.code
    (folder / "reporting").mkdir(parents=True)
    (folder / "reporting" / "_cover.html").write_text(
        '<header class="cover" id="copertina"><h1>{{ cover.title }}</h1>'
        "<p>Copertina dell'ente</p></header>",
        encoding="utf-8",
    )
    assert (
        "Copertina dell'ente" in report_file(cycle=demo_cycle, format_name="html").content.decode()
    )


def test_an_unknown_format_is_refused(demo_cycle: Cycle) -> None:
    with pytest.raises(ValueError, match="odt"):
        report_file(cycle=demo_cycle, format_name="odt")
