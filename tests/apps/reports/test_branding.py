"""An administration changes its report's colours, logo and templates without touching code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from performa.apps.cycles.models import Cycle
from performa.apps.reports.documents import report_render

pytestmark = pytest.mark.django_db


def html_of(cycle: Cycle) -> str:
    [rendered] = report_render(cycle=cycle, formats=["html"])
    return rendered.content.decode()


def test_branding_colours_and_logo_come_from_the_administration(demo_cycle: Cycle) -> None:
    administration = demo_cycle.administration
    administration.branding = {
        "primary_colour": "#123456",
        "logo_svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        "unknown_key": "ignored",
    }
    administration.save()
    page = html_of(demo_cycle)
    assert "#123456" in page
    assert "cover-logo" in page


def test_an_administration_template_replaces_the_built_in_one(
    demo_cycle: Cycle, tmp_path: Path
) -> None:
    folder = tmp_path / "templates" / demo_cycle.administration.code / "reporting"
    folder.mkdir(parents=True)
    (folder / "_cover.html").write_text(
        '<header class="cover" id="copertina"><h1>{{ cover.title }}</h1>'
        "<p>Copertina personalizzata dell'ente</p></header>",
        encoding="utf-8",
    )
    assert "Copertina personalizzata" not in html_of(demo_cycle)
    with override_settings(PERFORMA_HOME=tmp_path):
        assert "Copertina personalizzata dell'ente" in html_of(demo_cycle)
