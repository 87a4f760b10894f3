"""Public reads (no authentication): what the office has published, from its frozen snapshot."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.params.functions import Query

from performa.api.schemas import (
    AdministrationOut,
    ErrorOut,
    PublicIndicatorOut,
    PublicIndicatorPage,
    PublicObjectivePage,
    PublicYearOut,
    ValidationErrorOut,
    YearRefOut,
)
from performa.apps.publication.selectors import (
    PublicIndex,
    PublicYear,
    public_index,
    public_year,
    published_administrations,
)

router = Router(tags=["dati pubblicati"])

_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
MAX_PAGE = 500
MAX_OFFSET = 1_000_000
"""Beyond any real list; bounds the SQL OFFSET (a huge one overflows the database integer)."""


def _year(administration: str, year: int) -> PublicYear:
    found = public_year(administration_code=administration, year=year)
    if found is None:
        raise HttpError(404, "Nessun dato pubblicato per questo ente e anno.")
    return found


def _act(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {"reference": data["reference"], "act_on": data["act_on"], "text": data["text"]}


def _indicator(index: PublicIndex, item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "objective_codes": [
            link["objective_code"] for link in index.links_by_indicator.get(item["code"], [])
        ],
    }


@router.get(
    "/administrations",
    response={200: list[AdministrationOut], 429: ErrorOut},
    summary="Enti con dati pubblicati e i loro anni",
)
def administrations(request: HttpRequest) -> list[AdministrationOut]:
    return [
        AdministrationOut(
            code=entry.code,
            name=entry.name,
            years=[YearRefOut(year=year, kind=kind) for year, kind in entry.years],
        )
        for entry in published_administrations()
    ]


@router.get(
    "/administrations/{administration}/years/{year}",
    response={200: PublicYearOut, **_ERRORS},
    summary="Un anno pubblicato: atti e performance complessiva",
)
def year_detail(request: HttpRequest, administration: str, year: int) -> dict[str, Any]:
    public = _year(administration, year)
    snapshot = public.snapshot
    return {
        "administration_code": public.administration_code,
        "administration_name": public.administration_name,
        "year": public.year,
        "kind": public.kind,
        "published_at": public.published_at,
        "digest": public.digest,
        "plan_act": _act(snapshot["plan_act"]),
        "validation": _act(snapshot["validation"]),
        "entity": snapshot["entity"],
    }


@router.get(
    "/administrations/{administration}/years/{year}/objectives",
    response={200: PublicObjectivePage, **_ERRORS},
    summary="Aree e obiettivi, con punteggi e stati",
)
def objectives(
    request: HttpRequest,
    administration: str,
    year: int,
    level: str | None = None,
    status: str | None = None,
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    public = _year(administration, year)
    items = [
        item
        for item in public.snapshot["objectives"]
        if (level is None or item["level"] == level)
        and (status is None or item["status"] == status)
    ]
    return {
        "count": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


@router.get(
    "/administrations/{administration}/years/{year}/indicators",
    response={200: PublicIndicatorPage, **_ERRORS},
    summary="Indicatori con target, valori rilevati, punteggi e stati",
)
def indicators(
    request: HttpRequest,
    administration: str,
    year: int,
    objective: str | None = None,
    status: str | None = None,
    q: str | None = Query(None, description="Testo da cercare nel nome"),
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    public = _year(administration, year)
    index = public_index(public)
    wanted = (
        {link["indicator_code"] for link in index.links_by_objective.get(objective, [])}
        if objective is not None
        else None
    )
    needle = q.casefold() if q else None
    items = [
        item
        for item in public.snapshot["indicators"]
        if (wanted is None or item["code"] in wanted)
        and (status is None or item["status"] == status)
        and (needle is None or needle in item["name"].casefold())
    ]
    return {
        "count": len(items),
        "limit": limit,
        "offset": offset,
        "items": [_indicator(index, item) for item in items[offset : offset + limit]],
    }


@router.get(
    "/administrations/{administration}/years/{year}/indicators/{code}",
    response={200: PublicIndicatorOut, **_ERRORS},
    summary="Un indicatore",
)
def indicator_detail(
    request: HttpRequest, administration: str, year: int, code: str
) -> dict[str, Any]:
    public = _year(administration, year)
    index = public_index(public)
    item = index.indicators.get(code)
    if item is None:
        raise HttpError(404, "Nessun indicatore con questo codice.")
    return _indicator(index, item)
