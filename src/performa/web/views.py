"""Site-wide pages: the home page listing the cycles a user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from performa.apps.cycles.selectors import cycles_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's administrations and their cycles."""
    return render(request, "web/home.html", {"groups": cycles_for_user(user=request.user)})
