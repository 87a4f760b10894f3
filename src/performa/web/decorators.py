"""The one decorator of views scoped to an administration: it resolves the actor (or 404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from performa.apps.administrations.access import Actor, NoAccess, request_actor


def with_actor[**P](
    view: Callable[Concatenate[HttpRequest, Actor, P], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Log-in required; the view receives the ``Actor`` of the URL's ``administration``.

    A user without a role there gets 404, so that administrations cannot be enumerated.
    """

    @login_required
    @wraps(view)
    def wrapper(
        request: HttpRequest, administration: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        try:
            actor = request_actor(request, administration)
        except NoAccess:
            raise Http404("no such administration") from None
        return view(request, actor, *args, **kwargs)

    return wrapper
