"""Writes of individual evaluations: the example schemes, and each step of a sheet's workflow.

Every step is one service: it checks the actor with ``can_appraisal`` and the sheet's state
under a row lock, writes, stamps who and when, and records an audit entry. The audit entries
name the step and the states, never a rating or a score: the audit trail is read by more
people than may read an evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performa.apps.administrations.access import Action, Actor, can, can_appraisal
from performa.apps.administrations.models import Administration, Person
from performa.apps.appraisals.models import (
    Behaviour,
    Position,
    ReviewOutcome,
    ScaleLevel,
    Scheme,
    ScoreBand,
    Sheet,
    SheetObjective,
    SheetState,
)
from performa.apps.appraisals.selectors import (
    EVALUATED_STATES,
    behaviour_weights,
    scheme_scale,
    sheet_result,
)
from performa.apps.audit.services import audit_record, audit_record_by
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import PlanNode
from performa.scoring import (
    AppraisalError,
    ComponentKind,
    check_component_weights,
    rating_to_percent,
)

DEFAULT_SCHEMES = Path(__file__).resolve().parent / "default_schemes.json"


class SheetError(Exception):
    """A step of a sheet was refused; ``message`` says why, in Italian.

    SheetError
    ├── SheetPermissionError   the actor may not take this step on this sheet (403)
    ├── SheetStateError        the sheet is not in a state that allows the step (400)
    └── SheetInputError        ratings, weights, objectives or texts are not acceptable (400)
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class SheetPermissionError(SheetError):
    """The actor's role or relation to the sheet does not allow the step."""


class SheetStateError(SheetError):
    """The sheet is not where the step can start."""


class SheetInputError(SheetError):
    """Something entered is not acceptable; ``field`` names it."""


# -- schemes ------------------------------------------------------------------------------


def scheme_defaults_ensure(*, administration: Administration) -> list[Scheme]:
    """Create the example schemes (``default_schemes.json``) the administration lacks.

    They are marked as examples: the real weights come from the administration's SMVP and are
    edited in the Django admin. Existing schemes are left as they are.
    """
    data = json.loads(DEFAULT_SCHEMES.read_text(encoding="utf-8"))
    created = []
    with transaction.atomic():
        for item in data["schemes"]:
            if Scheme.objects.filter(administration=administration, code=item["code"]).exists():
                continue
            weights = item["weights"]
            check_component_weights(
                {
                    ComponentKind.ORGANISATIONAL: Decimal(weights["organisational"]),
                    ComponentKind.OBJECTIVES: Decimal(weights["objectives"]),
                    ComponentKind.BEHAVIOURS: Decimal(weights["behaviours"]),
                }
            )
            scheme = Scheme.objects.create(
                administration=administration,
                code=item["code"],
                name=item["name"],
                category=item["category"],
                is_default=item["is_default"],
                organisational_weight=Decimal(weights["organisational"]),
                objectives_weight=Decimal(weights["objectives"]),
                behaviours_weight=Decimal(weights["behaviours"]),
                organisational_source=item["organisational_source"],
                note=data["note"],
            )
            Behaviour.objects.bulk_create(
                Behaviour(scheme=scheme, position=position, weight=Decimal(1), **behaviour)
                for position, behaviour in enumerate(item["behaviours"])
            )
            ScaleLevel.objects.bulk_create(
                ScaleLevel(scheme=scheme, **level) for level in data["scale"]
            )
            ScoreBand.objects.bulk_create(
                ScoreBand(
                    scheme=scheme,
                    minimum_percent=Decimal(band["minimum_percent"]),
                    label=band["label"],
                )
                for band in data["bands"]
            )
            created.append(scheme)
        if created:
            audit_record(
                administration=administration,
                actor_label="performa",
                action="appraisal_schemes_created",
                object_type="appraisal_scheme",
                object_code=", ".join(scheme.code for scheme in created),
                reason="schemi di esempio (SMVP da confermare)",
            )
    return created


# -- the workflow -------------------------------------------------------------------------


def _object_code(sheet: Sheet) -> str:
    return f"{sheet.administration.code}/{sheet.cycle.year}/scheda/{sheet.person.code}"


def _locked(actor: Actor, sheet: Sheet, action: Action) -> Sheet:
    """The sheet re-read under a row lock, after checking that ``actor`` may ``action``."""
    locked = (
        Sheet.objects.select_for_update(of=("self",))
        .select_related("administration", "cycle", "person", "scheme")
        .get(pk=sheet.pk)
    )
    if not can_appraisal(actor, action, locked):
        raise SheetPermissionError(
            _("Il tuo ruolo non consente questo passaggio sulla scheda di %(name)s.")
            % {"name": locked.person.name}
        )
    return locked


def _require_state(sheet: Sheet, allowed: Iterable[SheetState], step: str) -> None:
    if sheet.state not in set(allowed):
        raise SheetStateError(
            _("La scheda è nello stato «%(state)s»: %(step)s non è possibile ora.")
            % {"state": sheet.get_state_display(), "step": step}
        )


def _audit(actor: Actor, sheet: Sheet, action: str, before: str, reason: str = "") -> None:
    audit_record_by(
        actor,
        cycle=sheet.cycle,
        action=action,
        object_type="appraisal_sheet",
        object_code=_object_code(sheet),
        before={"state": before},
        after={"state": sheet.state},
        reason=reason,
    )


def _clean_ratings(sheet: Sheet, ratings: Mapping[str, int]) -> dict[str, int]:
    """Every behaviour of the scheme rated on its scale, or a located ``SheetInputError``."""
    weights = behaviour_weights(sheet.scheme)
    scale = scheme_scale(sheet.scheme)
    names = {behaviour.code: behaviour.name for behaviour in sheet.scheme.behaviours.all()}
    unknown = sorted(set(ratings) - set(weights))
    if unknown:
        raise SheetInputError(
            _("Il comportamento «%(code)s» non è nello schema.") % {"code": unknown[0]},
            field=unknown[0],
        )
    for code in weights:
        if code not in ratings:
            raise SheetInputError(
                _("Manca il voto di «%(name)s».") % {"name": names[code]}, field=code
            )
        try:
            rating_to_percent(ratings[code], scale)
        except AppraisalError:
            raise SheetInputError(
                _("Il voto di «%(name)s» deve essere tra %(minimum)s e %(maximum)s.")
                % {"name": names[code], "minimum": scale.minimum, "maximum": scale.maximum},
                field=code,
            ) from None
    return {code: int(ratings[code]) for code in weights}


def _required_text(text: str, field: str, message: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise SheetInputError(message, field=field)
    return cleaned


@dataclass(frozen=True, slots=True)
class ObjectiveLink:
    """An objective to link to a sheet: its code in the tree, weight and component."""

    code: str
    weight: Decimal = Decimal(1)
    component: str = SheetObjective.Component.OBJECTIVES


def sheet_assign(
    *,
    actor: Actor,
    cycle: Cycle,
    person: Person,
    scheme: Scheme,
    objectives: Iterable[ObjectiveLink],
    evaluator: Person | None = None,
    evaluator_label: str = "",
    is_proposed_by_oiv: bool = False,
    position: Position | None = None,
    note: str = "",
) -> Sheet:
    """Open ``person``'s sheet for ``cycle`` with the objectives assigned at the start of the
    year (the office, ``MANAGE_APPRAISALS``). State: assigned.

    Without ``evaluator`` a collegial body (``evaluator_label``) decides, through the office.
    """
    if not can(actor, Action.MANAGE_APPRAISALS, cycle=cycle):
        raise SheetPermissionError(_("Solo il controllo di gestione assegna le schede."))
    for item in (person, scheme, evaluator, position):
        if item is not None and item.administration_id != cycle.administration_id:
            raise SheetPermissionError(_("Persona, schema o incarico di un'altra amministrazione."))
    if evaluator is not None and evaluator.pk == person.pk:
        raise SheetInputError(_("Nessuno valuta sé stesso."), field="evaluator")
    if evaluator is None and not evaluator_label.strip():
        raise SheetInputError(
            _("Indica il valutatore, o l'organo che valuta (per esempio la Giunta)."),
            field="evaluator",
        )
    links = list(objectives)
    nodes = {
        node.code: node
        for node in PlanNode.objects.filter(cycle=cycle, code__in=[link.code for link in links])
    }
    for link in links:
        if link.code not in nodes:
            raise SheetInputError(
                _("Nessun obiettivo del ciclo %(year)s ha il codice «%(code)s».")
                % {"year": cycle.year, "code": link.code},
                field="objectives",
            )
        if link.weight < 0:
            raise SheetInputError(
                _("Il peso di «%(code)s» non può essere negativo.") % {"code": link.code},
                field="objectives",
            )
    with transaction.atomic():
        if Sheet.objects.filter(cycle=cycle, person=person).exists():
            raise SheetStateError(
                _("%(name)s ha già una scheda per il %(year)s.")
                % {"name": person.name, "year": cycle.year}
            )
        sheet = Sheet.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            person=person,
            position=position,
            scheme=scheme,
            evaluator=evaluator,
            evaluator_label=evaluator_label.strip(),
            is_proposed_by_oiv=is_proposed_by_oiv,
            state=SheetState.ASSIGNED,
            assigned_at=timezone.now(),
            assigned_by=actor.user,
            assignment_note=note.strip(),
        )
        SheetObjective.objects.bulk_create(
            SheetObjective(
                sheet=sheet,
                node=nodes[link.code],
                weight=link.weight,
                component=link.component,
                position=index,
            )
            for index, link in enumerate(links)
        )
        _audit(actor, sheet, "appraisal_assigned", "")
    return sheet


def sheet_record_midyear(*, actor: Actor, sheet: Sheet, note: str) -> Sheet:
    """The evaluator records the mid-year talk (colloquio intermedio). assigned → midyear."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.CONDUCT_APPRAISAL)
        _require_state(sheet, {SheetState.ASSIGNED}, _("il colloquio intermedio"))
        before = sheet.state
        sheet.midyear_note = _required_text(
            note, "note", _("Scrivi l'esito del colloquio intermedio.")
        )
        sheet.midyear_at, sheet.midyear_by = timezone.now(), actor.user
        sheet.state = SheetState.MIDYEAR
        sheet.save()
        _audit(actor, sheet, "appraisal_midyear", before)
    return sheet


def sheet_self_assess(
    *, actor: Actor, sheet: Sheet, ratings: Mapping[str, int], note: str = ""
) -> Sheet:
    """The evaluated person's self-assessment (optional). midyear → self-assessed."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.RESPOND_APPRAISAL)
        _require_state(sheet, {SheetState.MIDYEAR}, _("l'autovalutazione"))
        before = sheet.state
        sheet.self_ratings = _clean_ratings(sheet, ratings)
        sheet.self_note = note.strip()
        sheet.self_assessed_at = timezone.now()
        sheet.state = SheetState.SELF_ASSESSED
        sheet.save()
        _audit(actor, sheet, "appraisal_self_assessed", before)
    return sheet


def sheet_propose(*, actor: Actor, sheet: Sheet, ratings: Mapping[str, int], note: str) -> Sheet:
    """The OIV's proposal (Segretario Generale, dirigenti: art. 14 c. 4 lett. e).
    midyear or self-assessed → proposed."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.PROPOSE_APPRAISAL)
        _require_state(
            sheet, {SheetState.MIDYEAR, SheetState.SELF_ASSESSED}, _("la proposta dell'OIV")
        )
        before = sheet.state
        sheet.proposed_ratings = _clean_ratings(sheet, ratings)
        sheet.proposal_note = _required_text(note, "note", _("Motiva la proposta."))
        sheet.proposed_at, sheet.proposed_by = timezone.now(), actor.user
        sheet.state = SheetState.PROPOSED
        sheet.save()
        _audit(actor, sheet, "appraisal_proposed", before)
    return sheet


def sheet_freeze_result(sheet: Sheet, ratings: dict[str, int]) -> None:
    """Compute the components with the scoring engine now and keep them on the sheet."""
    result = sheet_result(sheet=sheet, ratings=ratings)
    if result.total_percent is None:
        raise SheetInputError(
            _(
                "Il punteggio complessivo non si può calcolare: manca il punteggio di "
                "%(components)s."
            )
            % {"components": ", ".join(str(COMPONENT_LABELS[kind]) for kind in result.missing)},
            field="ratings",
        )
    by_kind = {component.kind: component.percent for component in result.components}
    sheet.ratings = ratings
    sheet.organisational_percent = by_kind[ComponentKind.ORGANISATIONAL]
    sheet.objectives_percent = by_kind[ComponentKind.OBJECTIVES]
    sheet.behaviours_percent = by_kind[ComponentKind.BEHAVIOURS]
    sheet.total_percent = result.total_percent
    sheet.band_label = result.band.label if result.band else ""


COMPONENT_LABELS = {
    ComponentKind.ORGANISATIONAL: gettext_lazy("performance organizzativa"),
    ComponentKind.OBJECTIVES: gettext_lazy("obiettivi individuali"),
    ComponentKind.BEHAVIOURS: gettext_lazy("comportamenti"),
}


def sheet_evaluate(
    *,
    actor: Actor,
    sheet: Sheet,
    ratings: Mapping[str, int],
    note: str,
    act_reference: str = "",
) -> Sheet:
    """The year-end evaluation by the evaluator (the office for a collegial body, with its
    act). Freezes the components computed by the scoring engine and the total.

    Direct sheets: midyear or self-assessed → evaluated; sheets proposed by the OIV:
    proposed → evaluated.
    """
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.CONDUCT_APPRAISAL)
        allowed = (
            {SheetState.PROPOSED}
            if sheet.is_proposed_by_oiv
            else {SheetState.MIDYEAR, SheetState.SELF_ASSESSED}
        )
        _require_state(sheet, allowed, _("la valutazione finale"))
        before = sheet.state
        sheet.evaluation_note = _required_text(note, "note", _("Motiva la valutazione."))
        if sheet.evaluator_id is None and not act_reference.strip():
            raise SheetInputError(
                _("Indica l'atto con cui %(body)s ha deciso.") % {"body": sheet.evaluator_label},
                field="act_reference",
            )
        sheet.act_reference = act_reference.strip()
        sheet_freeze_result(sheet, _clean_ratings(sheet, ratings))
        sheet.evaluated_at, sheet.evaluated_by = timezone.now(), actor.user
        sheet.state = SheetState.EVALUATED
        sheet.save()
        _audit(actor, sheet, "appraisal_evaluated", before)
    return sheet


def sheet_acknowledge(*, actor: Actor, sheet: Sheet, note: str = "") -> Sheet:
    """The evaluated person takes notice (presa visione), with optional remarks.
    evaluated → acknowledged. Taking notice is not agreeing: a review may still be asked."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.RESPOND_APPRAISAL)
        _require_state(sheet, {SheetState.EVALUATED}, _("la presa visione"))
        before = sheet.state
        sheet.acknowledgement_note = note.strip()
        sheet.acknowledged_at = timezone.now()
        sheet.state = SheetState.ACKNOWLEDGED
        sheet.save()
        _audit(actor, sheet, "appraisal_acknowledged", before)
    return sheet


def sheet_request_review(*, actor: Actor, sheet: Sheet, reason: str) -> Sheet:
    """The evaluated person asks for a review (procedura di conciliazione, DOMAIN.md §3.5).
    evaluated or acknowledged → review requested."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.RESPOND_APPRAISAL)
        _require_state(
            sheet,
            {SheetState.EVALUATED, SheetState.ACKNOWLEDGED},
            _("la richiesta di riesame"),
        )
        before = sheet.state
        sheet.review_reason = _required_text(
            reason, "reason", _("Scrivi i motivi della richiesta di riesame.")
        )
        sheet.review_requested_at = timezone.now()
        sheet.state = SheetState.REVIEW_REQUESTED
        sheet.save()
        _audit(actor, sheet, "appraisal_review_requested", before)
    return sheet


def sheet_decide_review(
    *,
    actor: Actor,
    sheet: Sheet,
    outcome: str,
    note: str,
    ratings: Mapping[str, int] | None = None,
) -> Sheet:
    """The conciliation's outcome (office or OIV): confirmed, or modified with new behaviour
    ratings (the components are computed again). review requested → review decided."""
    with transaction.atomic():
        sheet = _locked(actor, sheet, Action.DECIDE_APPRAISAL_REVIEW)
        _require_state(sheet, {SheetState.REVIEW_REQUESTED}, _("la decisione sul riesame"))
        if outcome not in ReviewOutcome.values:
            raise SheetInputError(_("Scegli l'esito del riesame."), field="outcome")
        before = sheet.state
        sheet.review_note = _required_text(note, "note", _("Motiva l'esito del riesame."))
        if outcome == ReviewOutcome.MODIFIED:
            if ratings is None:
                raise SheetInputError(
                    _("Una valutazione modificata ha bisogno dei nuovi voti."), field="ratings"
                )
            sheet_freeze_result(sheet, _clean_ratings(sheet, ratings))
        sheet.review_outcome = outcome
        sheet.review_decided_at, sheet.review_decided_by = timezone.now(), actor.user
        sheet.state = SheetState.REVIEW_DECIDED
        sheet.save()
        _audit(actor, sheet, "appraisal_review_decided", before, reason=str(outcome))
    return sheet


def sheet_view_record(*, actor: Actor, sheet: Sheet, what: str = "page") -> None:
    """Record that ``actor`` read ``sheet`` (page or PDF): individual evaluations are personal
    data and every reading is logged. Refuses (``SheetPermissionError``) who may not read it."""
    if not can_appraisal(actor, Action.VIEW_APPRAISAL, sheet):
        raise SheetPermissionError(_("Non puoi vedere questa scheda."))
    audit_record_by(
        actor,
        cycle=sheet.cycle,
        action="appraisal_viewed",
        object_type="appraisal_sheet",
        object_code=_object_code(sheet),
        reason=what,
    )


def is_evaluated(sheet: Sheet) -> bool:
    """Whether the sheet holds a final evaluation."""
    return sheet.state in EVALUATED_STATES
