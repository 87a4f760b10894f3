"""Public transparency pages and open data (no log-in), and the office's publication and API
token pages. Public pages read only the current publication's frozen snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of, validation_act_for
from performa.apps.plans.versions import plan_version_last_recorded
from performa.apps.publication.models import ApiToken, Publication, PublicationKind
from performa.apps.publication.opendata import (
    DATASETS,
    LICENCE,
    csv_bytes,
    json_bytes,
    table_schema,
)
from performa.apps.publication.selectors import (
    PublicYear,
    api_tokens_of,
    datasets_catalogue,
    public_index,
    public_year,
    publication_current_of,
    publications_of,
    published_administrations,
)
from performa.apps.publication.services import (
    PublicationError,
    PublicationPermissionError,
    api_token_create,
    api_token_revoke,
    publication_files_dir,
    publication_publish,
    publication_withdraw,
)
from performa.web.decorators import with_actor

PUBLIC_MAX_AGE = 300
"""Seconds a browser or proxy may reuse a public page without asking (ETag revalidates)."""


def _cacheable(response: HttpResponse, etag: str | None = None) -> HttpResponse:
    """Public, cacheable by anyone; the ETag is the publication's digest."""
    if etag is not None:
        response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _conditional(
    request: HttpRequest, year: PublicYear, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """304 when the visitor holds the current snapshot's page in their language, else the
    page with its ETag. The language is part of the ETag: one who switches language by the
    switcher's cookie never gets a 304 for the other language's page."""
    etag = f'"{year.etag.strip(chr(34))}-{get_language()}"'
    if request.headers.get("If-None-Match") == etag:
        return _cacheable(HttpResponseNotModified(), etag)
    return _cacheable(build(), etag)


def _year_or_404(administration: str, year: int) -> PublicYear:
    found = public_year(administration_code=administration, year=year)
    if found is None:
        raise Http404("nothing published for this year")
    return found


def _context(year: PublicYear, **extra: Any) -> dict[str, Any]:
    snapshot = year.snapshot
    return {
        "public_year": year,
        "snapshot": snapshot,
        "administration_code": year.administration_code,
        "administration_name": year.administration_name,
        "year": year.year,
        "has_results": year.has_results,
        **extra,
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every administration with something published, and its years."""
    response = render(
        request, "publication/index.html", {"administrations": published_administrations()}
    )
    return _cacheable(response)


@require_GET
def administration_page(request: HttpRequest, administration: str) -> HttpResponse:
    """An administration's published years."""
    found = published_administrations(code=administration)
    if not found:
        raise Http404("nothing published")
    return _cacheable(
        render(request, "publication/administration.html", {"administration": found[0]})
    )


@require_GET
def year_page(request: HttpRequest, administration: str, year: int) -> HttpResponse:
    """The performance tree of a published year with scores and statuses, and the documents.

    Rendered once per snapshot and kept in the cache: the page changes only by publishing.
    """
    public = _year_or_404(administration, year)

    def build() -> HttpResponse:
        key = f"publication:tree:{public.digest}:{get_language()}"
        html = cache.get(key)
        if html is None:
            index_ = public_index(public)
            html = render_to_string(
                "publication/year.html",
                _context(public, rows=index_.tree_rows, datasets=DATASETS),
            )
            cache.set(key, html, timeout=None)
        return HttpResponse(html)

    return _conditional(request, public, build)


@require_GET
def objective_page(request: HttpRequest, administration: str, year: int, code: str) -> HttpResponse:
    """One objective (or area): its score, its indicators and the objectives below it."""
    public = _year_or_404(administration, year)
    index_ = public_index(public)
    objective = index_.objectives.get(code)
    if objective is None:
        raise Http404("no such objective")

    def build() -> HttpResponse:
        return render(
            request,
            "publication/objective.html",
            _context(
                public,
                objective=objective,
                parent=index_.objectives.get(objective["parent_code"] or ""),
                children=index_.children.get(code, []),
                indicator_rows=index_.indicator_rows_of(code),
            ),
        )

    return _conditional(request, public, build)


@require_GET
def indicator_page(request: HttpRequest, administration: str, year: int, code: str) -> HttpResponse:
    """One indicator: definition, target, and (once validated) actual value and score."""
    public = _year_or_404(administration, year)
    index_ = public_index(public)
    indicator = index_.indicators.get(code)
    if indicator is None:
        raise Http404("no such indicator")

    def build() -> HttpResponse:
        return render(
            request,
            "publication/indicator.html",
            _context(
                public,
                indicator=indicator,
                objectives=index_.objectives_of_indicator(code),
            ),
        )

    return _conditional(request, public, build)


@require_GET
def document_page(
    request: HttpRequest, administration: str, year: int, document: str
) -> HttpResponse:
    """The plan's adoption act or the OIV's validation act, as published."""
    if document not in {"piano", "validazione"}:
        raise Http404("no such document")
    public = _year_or_404(administration, year)
    snapshot = public.snapshot
    act = snapshot["plan_act"] if document == "piano" else snapshot["validation"]
    if act is None:
        raise Http404("no such act")
    return _conditional(
        request,
        public,
        lambda: render(
            request, "publication/document.html", _context(public, act=act, document=document)
        ),
    )


@require_GET
def report_file(
    request: HttpRequest, administration: str, year: int, extension: str
) -> HttpResponse:
    """The Relazione rendered when the results were published (PDF, or the accessible HTML)."""
    if extension not in {"pdf", "html"}:
        raise Http404("no such format")
    public = _year_or_404(administration, year)
    name = public.snapshot.get("files", {}).get(extension)
    if not public.has_results or name is None:
        raise Http404("no report published")
    path = publication_files_dir_for(public) / name
    if not path.is_file():
        raise Http404("report file missing")

    def build() -> HttpResponse:
        return FileResponse(  # type: ignore[return-value]  # streamed; used as a response
            path.open("rb"),
            as_attachment=False,
            filename=name,
            content_type="application/pdf" if extension == "pdf" else "text/html; charset=utf-8",
        )

    return _conditional(request, public, build)


def publication_files_dir_for(public: PublicYear) -> Any:
    return publication_files_dir(Publication(pk=public.publication_id))


# -- open data ---------------------------------------------------------------------------------


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every open dataset with its metadata: title, year, formats, schema, licence, update."""
    return _cacheable(
        render(
            request,
            "publication/catalogue.html",
            {"entries": datasets_catalogue(), "datasets": DATASETS, "licence": LICENCE},
        )
    )


@require_GET
def dataset_schema(request: HttpRequest, dataset: str) -> HttpResponse:
    """A dataset's Table Schema (JSON)."""
    found = DATASETS.get(dataset)
    if found is None:
        raise Http404("no such dataset")
    import json

    response = HttpResponse(
        json.dumps(table_schema(found), ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    return _cacheable(response)


@require_GET
def dataset_file(
    request: HttpRequest, administration: str, year: int, dataset: str, extension: str
) -> HttpResponse:
    """A dataset of a published year in CSV or JSON, at a stable URL."""
    found = DATASETS.get(dataset)
    if found is None or extension not in {"csv", "json"}:
        raise Http404("no such dataset")
    public = _year_or_404(administration, year)
    filename = f"{dataset}-{year}-{administration}.{extension}"

    def build() -> HttpResponse:
        if extension == "csv":
            response = HttpResponse(
                csv_bytes(found, public.snapshot), content_type="text/csv; charset=utf-8"
            )
        else:
            schema_url = request.build_absolute_uri(
                reverse("publication:dataset-schema", kwargs={"dataset": dataset})
            )
            response = HttpResponse(
                json_bytes(found, public.snapshot, schema_url=schema_url),
                content_type="application/json",
            )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Link"] = (
            f'<{reverse("publication:dataset-schema", kwargs={"dataset": dataset})}>; rel="describedby"'
        )
        return response

    return _conditional(request, public, build)


# -- the office's pages ------------------------------------------------------------------------


def _cycle_or_404(actor: Actor, year: int) -> Cycle:
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


@with_actor
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The office publishes the adopted plan or the validated results, or withdraws them."""
    cycle = _cycle_or_404(actor, year)
    if not can(actor, Action.PUBLISH, cycle=cycle):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                publication = Publication.objects.filter(
                    cycle=cycle, pk=request.POST.get("withdraw", "").strip() or 0
                ).first()
                if publication is None:
                    raise Http404("no such publication")
                publication_withdraw(
                    actor=actor, publication=publication, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("La pubblicazione è stata ritirata."))
            else:
                kind = request.POST.get("kind", "")
                if kind not in PublicationKind.values:
                    raise Http404("no such kind")
                publication_publish(actor=actor, cycle=cycle, kind=PublicationKind(kind))
                messages.success(
                    request, _("Pubblicato: la pagina pubblica mostra ora questi dati.")
                )
            return redirect(
                "publication:manage", administration=actor.administration.code, year=year
            )
        except PublicationPermissionError:
            raise PermissionDenied from None
        except PublicationError as error:
            messages.error(request, error.message)
            status = 400
    return render(
        request,
        "publication/manage.html",
        {
            "cycle": cycle,
            "plan_version": plan_version_last_recorded(cycle=cycle),
            "validation": validation_act_for(cycle=cycle),
            "current_plan": publication_current_of(cycle=cycle, kind=PublicationKind.PLAN),
            "current_results": publication_current_of(cycle=cycle, kind=PublicationKind.RESULTS),
            "publications": publications_of(cycle=cycle),
        },
        status=status,
    )


_NEW_KEY = "publication_new_api_key"


@with_actor
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The office creates API tokens (the key is shown once) and revokes them."""
    if not can(actor, Action.MANAGE_API_TOKENS):
        raise PermissionDenied
    new_key = request.session.pop(_NEW_KEY, None) if request.method == "GET" else None
    status = 200
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                token = ApiToken.objects.filter(
                    administration=actor.administration,
                    pk=request.POST.get("revoke", "").strip() or 0,
                ).first()
                if token is None:
                    raise Http404("no such token")
                api_token_revoke(actor=actor, token=token)
                messages.success(request, _("Il token è stato revocato."))
                return redirect("publication:tokens", administration=actor.administration.code)
            _token, key = api_token_create(actor=actor, name=request.POST.get("name", ""))
            # Shown once, on the page the redirect leads to (a reload never makes another).
            request.session[_NEW_KEY] = key
            return redirect("publication:tokens", administration=actor.administration.code)
        except PublicationPermissionError:
            raise PermissionDenied from None
        except PublicationError as error:
            messages.error(request, error.message)
            status = 400
    response = render(
        request,
        "publication/tokens.html",
        {
            "administration": actor.administration,
            "tokens": api_tokens_of(actor=actor),
            "new_key": new_key,
        },
        status=status,
    )
    if new_key is not None:
        patch_cache_control(response, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
