"""Survey pages: the list, the import with its preview, the detail with the comparison over
the years, and the office's forms for linked indicators and earlier years' results.

Everyone with a role reads (``Action.VIEW_CYCLE``); the office writes
(``Action.REVIEW_MEASUREMENT``): others get 403, other administrations 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.models import Indicator
from performa.apps.surveys.forms import EarlierYearForm, SurveyImportForm, SurveyLinkForm
from performa.apps.surveys.models import Survey, SurveyIndicatorLink
from performa.apps.surveys.selectors import (
    TrendPoint,
    link_rows_for,
    linkable_indicators,
    question_rows_for,
    statistics_rows,
    survey_scale_of,
    survey_statistics_of,
    survey_trend_for,
    surveys_of,
)
from performa.apps.surveys.services import (
    SurveyError,
    SurveyInput,
    SurveyRefusedError,
    earlier_year_result_save,
    survey_import,
    survey_import_preview,
    survey_link_create,
    survey_link_delete,
)
from performa.reporting.charts import ChartData, ChartKind, Series, chart_figure
from performa.web.decorators import with_actor


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _survey(cycle: Cycle, pk: int) -> Survey:
    return get_object_or_404(surveys_of(cycle=cycle), pk=pk)


def _can_manage(actor: Actor, cycle: Cycle) -> bool:
    return can(actor, Action.REVIEW_MEASUREMENT, cycle=cycle)


def _detail_url(survey: Survey) -> str:
    return reverse(
        "surveys:detail",
        kwargs={
            "administration": survey.cycle.administration.code,
            "year": survey.cycle.year,
            "pk": survey.pk,
        },
    )


@with_actor
def survey_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    cycle = _cycle(actor, year)
    surveys = [(survey, survey_statistics_of(survey).overall) for survey in surveys_of(cycle=cycle)]
    return render(
        request,
        "surveys/survey_list.html",
        {
            "cycle": cycle,
            "actor": actor,
            "surveys": surveys,
            "can_manage": _can_manage(actor, cycle),
        },
    )


@with_actor
@require_http_methods(["GET", "POST"])
def survey_import_view(
    request: HttpRequest, actor: Actor, year: int, pk: int | None = None
) -> HttpResponse:
    """GET: the form. POST ``anteprima``: the preview (errors or statistics); POST
    ``conferma``: the import, then the survey's page."""
    cycle = _cycle(actor, year)
    survey = _survey(cycle, pk) if pk is not None else None
    if not _can_manage(actor, cycle):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if survey is not None:
        scale = survey_scale_of(survey)
        initial = {
            "kind": survey.kind,
            "title": survey.title,
            "method_note": survey.method_note,
            "contacted_count": survey.contacted_count,
            "fielded_from": survey.fielded_from,
            "fielded_to": survey.fielded_to,
            "scale_minimum": _plain(scale.minimum),
            "scale_maximum": _plain(scale.maximum),
            "satisfied_from": _plain(scale.satisfied_from),
            "dissatisfied_up_to": _plain(scale.dissatisfied_up_to),
        }
    form = SurveyImportForm(request.POST or None, request.FILES or None, initial=initial or None)
    context: dict[str, Any] = {"cycle": cycle, "actor": actor, "survey": survey, "form": form}
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "surveys/survey_import.html", context, status=status)
    data = form.cleaned_data
    details = SurveyInput(
        kind=data["kind"],
        title=data["title"],
        method_note=data["method_note"],
        scale=data["scale"],
        key_question=data["key_question"],
        contacted_count=data["contacted_count"],
        fielded_from=data["fielded_from"],
        fielded_to=data["fielded_to"],
    )
    content: bytes = data["bytes"]
    file_name: str = data["file_name"] or "risposte.csv"
    try:
        if "conferma" in request.POST:
            imported = survey_import(
                actor=actor,
                cycle=cycle,
                details=details,
                file_name=file_name,
                content=content,
                survey=survey,
            )
            messages.success(
                request,
                _("Indagine «%(title)s» importata: %(count)s questionari.")
                % {"title": imported.title, "count": imported.answers.count()},
            )
            return HttpResponseRedirect(_detail_url(imported))
        preview = survey_import_preview(
            actor=actor,
            cycle=cycle,
            details=details,
            file_name=file_name,
            content=content,
            survey=survey,
        )
    except SurveyRefusedError:
        raise PermissionDenied from None
    except SurveyError as error:
        context["errors"] = error.messages
        return render(request, "surveys/survey_import.html", context, status=400)
    context.update(
        preview=preview,
        content=SurveyImportForm.encoded(content),
        file_name=file_name,
    )
    return render(
        request, "surveys/survey_import.html", context, status=200 if preview.is_valid else 400
    )


def _plain(value: Any) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _trend_chart(survey: Survey, trend: tuple[TrendPoint, ...]) -> str:
    points = [point for point in trend if point.mean is not None]
    if len(points) < 2:  # noqa: PLR2004 - a line needs two years
        return ""
    figure = chart_figure(
        ChartKind.LINE,
        ChartData(
            tuple(str(point.year) for point in points),
            (Series(_("Giudizio medio"), tuple(point.mean for point in points)),),
        ),
        key=f"indagine-{survey.pk}-andamento",
        caption=_("Giudizio medio negli anni"),
    )
    return figure.svg


@with_actor
def survey_detail(request: HttpRequest, actor: Actor, year: int, pk: int) -> HttpResponse:
    cycle = _cycle(actor, year)
    survey = _survey(cycle, pk)
    return _detail_page(request, actor, cycle, survey)


def _detail_page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    survey: Survey,
    *,
    link_form: SurveyLinkForm | None = None,
    earlier_form: EarlierYearForm | None = None,
    errors: tuple[str, ...] = (),
    status: int = 200,
) -> HttpResponse:
    statistics = survey_statistics_of(survey)
    trend = survey_trend_for(survey, statistics)
    services = tuple(sorted(name for name, _stats in statistics.services))
    can_manage = _can_manage(actor, cycle)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "cycle": cycle,
            "actor": actor,
            "survey": survey,
            "scale": survey_scale_of(survey),
            "rows": statistics_rows(statistics),
            "questions": question_rows_for(survey),
            "trend": trend,
            "chart_svg": mark_safe(_trend_chart(survey, trend)),  # noqa: S308 - matplotlib's own SVG
            "links": link_rows_for(survey, statistics),
            "can_manage": can_manage,
            "link_form": link_form or SurveyLinkForm(services=services),
            "earlier_form": earlier_form or EarlierYearForm(),
            "indicators": linkable_indicators(cycle=cycle) if can_manage else (),
            "errors": errors,
        },
        status=status,
    )


@with_actor
@require_POST
def survey_link_create_view(request: HttpRequest, actor: Actor, year: int, pk: int) -> HttpResponse:
    cycle = _cycle(actor, year)
    survey = _survey(cycle, pk)
    if not _can_manage(actor, cycle):
        raise PermissionDenied
    services = tuple(sorted(name for name, _stats in survey_statistics_of(survey).services))
    form = SurveyLinkForm(request.POST, services=services)
    if not form.is_valid():
        return _detail_page(request, actor, cycle, survey, link_form=form, status=400)
    indicator = Indicator.objects.filter(
        administration=cycle.administration, cycle=cycle, code=form.cleaned_data["indicator"]
    ).first()
    if indicator is None:
        form.add_error("indicator", _("Nessun indicatore con questo codice nel ciclo."))
        return _detail_page(request, actor, cycle, survey, link_form=form, status=400)
    try:
        survey_link_create(
            actor=actor,
            survey=survey,
            indicator=indicator,
            statistic=form.cleaned_data["statistic"],
            service=form.cleaned_data["service"],
        )
    except SurveyRefusedError:
        raise PermissionDenied from None
    except SurveyError as error:
        return _detail_page(
            request, actor, cycle, survey, link_form=form, errors=error.messages, status=400
        )
    messages.success(
        request,
        _("L'indicatore %(code)s prende ora il valore dall'indagine.") % {"code": indicator.code},
    )
    return HttpResponseRedirect(_detail_url(survey) + "#collegamenti")


@with_actor
@require_POST
def survey_link_delete_view(
    request: HttpRequest, actor: Actor, year: int, pk: int, link: int
) -> HttpResponse:
    cycle = _cycle(actor, year)
    survey = _survey(cycle, pk)
    if not _can_manage(actor, cycle):
        raise PermissionDenied
    found = get_object_or_404(SurveyIndicatorLink, survey=survey, pk=link)
    try:
        survey_link_delete(actor=actor, link=found)
    except SurveyRefusedError:
        raise PermissionDenied from None
    except SurveyError as error:
        return _detail_page(request, actor, cycle, survey, errors=error.messages, status=400)
    messages.success(request, _("Collegamento rimosso: il valore registrato resta."))
    return HttpResponseRedirect(_detail_url(survey) + "#collegamenti")


@with_actor
@require_POST
def earlier_year_save_view(request: HttpRequest, actor: Actor, year: int, pk: int) -> HttpResponse:
    cycle = _cycle(actor, year)
    survey = _survey(cycle, pk)
    if not _can_manage(actor, cycle):
        raise PermissionDenied
    form = EarlierYearForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, actor, cycle, survey, earlier_form=form, status=400)
    data = form.cleaned_data
    try:
        earlier_year_result_save(
            actor=actor,
            cycle=cycle,
            kind=survey.kind,
            year=data["year"],
            answer_count=data["answer_count"],
            mean=data["mean"],
            satisfaction_percent=data["satisfaction_percent"],
            source=data["source"],
        )
    except SurveyRefusedError:
        raise PermissionDenied from None
    except SurveyError as error:
        return _detail_page(
            request, actor, cycle, survey, earlier_form=form, errors=error.messages, status=400
        )
    messages.success(request, _("Risultato del %(year)s registrato.") % {"year": data["year"]})
    return HttpResponseRedirect(_detail_url(survey) + "#andamento")
