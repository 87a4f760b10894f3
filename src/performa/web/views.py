"""Site-wide pages: the home page, with each cycle's open periods, deadlines and what is due."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from performa.apps.cycles.selectors import (
    AdministrationOverview,
    CycleOverview,
    cycle_overviews_for,
)
from performa.apps.cycles.views import my_indicators_url


@dataclass(frozen=True, slots=True)
class HomeCycle:
    """A cycle on the home page and the link to its data-entry page (if the app has one)."""

    overview: CycleOverview
    entry_url: str | None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's administrations and cycles: open periods, deadlines, figures left to enter."""
    groups: list[tuple[AdministrationOverview, list[HomeCycle]]] = []
    for group in cycle_overviews_for(user=request.user, today=timezone.localdate()):
        cycles = [
            HomeCycle(
                overview,
                my_indicators_url(
                    administration_code=group.administration.code, year=overview.cycle.year
                ),
            )
            for overview in group.cycles
        ]
        groups.append((group, cycles))
    return render(request, "web/home.html", {"groups": groups})
