"""Writes of the indicator library: the office's own entries, adoptions into a cycle, and
"add to library" from a cycle indicator; plus the seed of the common library.

Every service re-checks the permission inside its transaction (``access.can``), records the
change in the audit trail and raises a ``LibraryError`` with an Italian message when refused.
Managing the administration's own entries is the office's (``Action.EDIT_PLAN`` without a
cycle: the role only); adopting into a cycle needs ``can(actor, Action.EDIT_PLAN, cycle=...)``,
which also refuses a validated cycle or one whose plan is not open to change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record, audit_record_by
from performa.apps.cycles.models import Cycle
from performa.apps.library.choices import (
    DEFAULT_COMPARATOR,
    AdoptionOrigin,
    Polarity,
    ValueType,
    comparators_for,
)
from performa.apps.library.common import COMMON_INDICATORS
from performa.apps.library.models import Adoption, LibraryIndicator
from performa.apps.plans.editing import (
    BaseMeasureFields,
    IndicatorFields,
    PlanEditClosedError,
    PlanEditError,
    PlanEditPermissionError,
    base_measure_save,
    indicator_create,
    indicator_link_create,
)
from performa.apps.plans.models import BaseMeasure, Indicator, IndicatorComparator, PlanNode
from performa.scoring.formulas import parse_formula


class LibraryError(Exception):
    """A library change was refused; ``message`` tells the user why, in Italian.

    LibraryError
    ├── LibraryPermissionError   the actor's role does not allow it (views: 403)
    ├── LibraryReadOnlyError     a common-library entry: administrations only read it (403)
    ├── LibraryLockedError       the cycle's plan may not change now (validated, or no open
    │                            revision) (400)
    ├── LibraryConflictError     someone changed the entry since the page was read (400)
    └── LibraryValidationError   the input does not fit; ``errors`` maps fields to messages (400)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LibraryPermissionError(LibraryError):
    """The actor may not perform this change."""


class LibraryReadOnlyError(LibraryError):
    """Common entries are managed by a superuser in the admin, never by an administration."""


class LibraryLockedError(LibraryError):
    """The cycle is validated, or its plan is adopted and no revision is open."""


class LibraryConflictError(LibraryError):
    """The entry changed after the form was shown: the edit is refused, not merged silently."""


class LibraryValidationError(LibraryError):
    """Input refused; ``errors`` maps a field name (or ``""`` for the whole form) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(" ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class LibraryFields:
    """The editable fields of a library entry."""

    code: str
    name: str
    description: str = ""
    unit: str = ""
    value_type: str = ValueType.NUMBER
    polarity: str = Polarity.HIGHER
    formula: str = ""
    data_source: str = ""
    responsible_unit: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AdoptionTarget:
    """The cycle's target, set at adoption: the library holds none."""

    comparator: str = ""
    """Empty: the comparator of the entry's polarity."""
    value: Decimal | None = None
    upper: Decimal | None = None
    due_on: date | None = None
    expected: bool | None = None


@dataclass(frozen=True, slots=True)
class AdoptionRequest:
    """What the office chooses when adopting an entry into a cycle."""

    target: AdoptionTarget = field(default_factory=AdoptionTarget)
    code: str = ""
    """Empty: the entry's own code."""
    node: PlanNode | None = None
    weight: Decimal | None = None
    reason: str = ""


def _check_manage(actor: Actor) -> None:
    if not can(actor, Action.EDIT_PLAN):
        raise LibraryPermissionError(_("Il tuo ruolo non consente di gestire la libreria."))


def _entry_fields(entry: LibraryIndicator) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "description": entry.description,
        "unit": entry.unit,
        "value_type": entry.value_type,
        "polarity": entry.polarity,
        "formula": entry.formula,
        "data_source": entry.data_source,
        "responsible_unit": entry.responsible_unit,
        "notes": entry.notes,
    }


def _validated(entry: LibraryIndicator) -> None:
    """Model checks: fields, formula, polarity for the type."""
    try:
        # The code's uniqueness is checked before (a message on the field) and by the database
        # on save (``_saved``), so the constraints are not checked a third time here.
        entry.full_clean(exclude=["version"], validate_constraints=False)
    except ValidationError as error:
        errors = {
            ("" if key == "__all__" else key): list(messages)
            for key, messages in error.message_dict.items()
        }
        raise LibraryValidationError(errors) from None


def _clean_fields(fields: LibraryFields) -> LibraryFields:
    values = {key: value.strip() for key, value in asdict(fields).items()}
    values["formula"] = fields.formula.strip()
    return LibraryFields(**values)


def _code_taken(owner_id: int | None, code: str, exclude_pk: int | None = None) -> bool:
    entries = LibraryIndicator.objects.filter(owner_id=owner_id, code=code)
    if exclude_pk is not None:
        entries = entries.exclude(pk=exclude_pk)
    return entries.exists()


def _saved(entry: LibraryIndicator) -> None:
    """Save ``entry``; a code taken meanwhile by a concurrent save is refused, not a 500."""
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise _code_taken_error(entry.code) from None


def _code_taken_error(code: str) -> LibraryValidationError:
    return LibraryValidationError(
        {
            "code": [
                _("Il codice «%(code)s» è già usato nella libreria dell'amministrazione.")
                % {"code": code}
            ]
        }
    )


def _audit_entry(
    *, actor: Actor, entry: LibraryIndicator, action: str, before: Any, reason: str = ""
) -> None:
    audit_record(
        administration=actor.administration,
        actor=actor.user,
        actor_label=actor.user.get_username(),
        action=action,
        object_type="library_indicator",
        object_code=entry.code,
        before=before,
        after=_entry_fields(entry),
        reason=reason,
    )


def library_indicator_create(
    *, actor: Actor, fields: LibraryFields, reason: str = ""
) -> LibraryIndicator:
    """A new entry in the library of the actor's administration (office only)."""
    fields = _clean_fields(fields)
    with transaction.atomic():
        _check_manage(actor)
        if _code_taken(actor.administration.pk, fields.code):
            raise _code_taken_error(fields.code)
        entry = LibraryIndicator(owner=actor.administration, **asdict(fields))
        _validated(entry)
        _saved(entry)
        _audit_entry(
            actor=actor, entry=entry, action="library_indicator_create", before=None, reason=reason
        )
    return entry


def library_indicator_update(
    *,
    actor: Actor,
    entry: LibraryIndicator,
    fields: LibraryFields,
    seen_version: int,
    reason: str = "",
) -> LibraryIndicator:
    """Change an own entry; refused for common entries, and when ``seen_version`` (the version
    the form was built from) is no longer the current one."""
    fields = _clean_fields(fields)
    with transaction.atomic():
        _check_manage(actor)
        locked = LibraryIndicator.objects.select_for_update().get(pk=entry.pk)
        if locked.owner_id is None:
            raise LibraryReadOnlyError(
                _("Gli indicatori della libreria comune sono in sola lettura.")
            )
        if locked.owner_id != actor.administration.pk:
            raise LibraryPermissionError(_("L'indicatore non è della tua amministrazione."))
        if locked.version != seen_version:
            raise LibraryConflictError(
                _(
                    "Nel frattempo qualcun altro ha modificato «%(code)s»: ricarica la pagina "
                    "e ripeti la modifica."
                )
                % {"code": locked.code}
            )
        if _code_taken(locked.owner_id, fields.code, exclude_pk=locked.pk):
            raise _code_taken_error(fields.code)
        before = _entry_fields(locked)
        for name, value in asdict(fields).items():
            setattr(locked, name, value)
        _validated(locked)
        if _entry_fields(locked) == before:
            return locked
        locked.version += 1
        _saved(locked)
        _audit_entry(
            actor=actor,
            entry=locked,
            action="library_indicator_update",
            before=before,
            reason=reason,
        )
    return locked


# -- adoption --------------------------------------------------------------------------------


def _target_errors(entry: LibraryIndicator, target: AdoptionTarget) -> dict[str, list[str]]:
    """What is missing or wrong in ``target`` for an indicator of ``entry``'s type."""
    comparator = target.comparator or DEFAULT_COMPARATOR[entry.polarity]
    if comparator not in comparators_for(entry.value_type):
        return {
            "comparator": [
                _("L'operatore «%(comparator)s» non si usa con un indicatore di tipo «%(type)s».")
                % {
                    "comparator": comparator,
                    "type": ValueType(entry.value_type).label,
                }
            ]
        }
    errors: dict[str, list[str]] = {}
    if comparator == IndicatorComparator.DEADLINE:
        if target.due_on is None:
            errors["target_due_on"] = [_("Indica la scadenza del target.")]
    elif comparator == IndicatorComparator.YES_NO:
        if target.expected is None:
            errors["target_expected"] = [_("Indica la risposta attesa.")]
    else:
        if target.value is None:
            errors["target_value"] = [_("Indica il valore del target.")]
        if comparator == IndicatorComparator.BETWEEN:
            if target.upper is None:
                errors["target_upper"] = [_("L'intervallo richiede un limite superiore.")]
            elif target.value is not None and target.upper < target.value:
                errors["target_upper"] = [
                    _("Il limite superiore è minore del target (limite inferiore).")
                ]
        elif target.upper is not None:
            errors["target_upper"] = [_("Solo l'operatore «tra» usa un limite superiore.")]
    return errors


def _target_model_fields(entry: LibraryIndicator, target: AdoptionTarget) -> dict[str, Any]:
    """Only the fields the comparator uses, like the workbook writes them."""
    comparator = target.comparator or DEFAULT_COMPARATOR[entry.polarity]
    numeric = comparator not in (IndicatorComparator.DEADLINE, IndicatorComparator.YES_NO)
    return {
        "comparator": comparator,
        "target_value": target.value if numeric else None,
        "target_upper": target.upper if comparator == IndicatorComparator.BETWEEN else None,
        "target_due_on": target.due_on if comparator == IndicatorComparator.DEADLINE else None,
        "target_expected": target.expected if comparator == IndicatorComparator.YES_NO else None,
    }


_MAX_WEIGHT = Decimal(100)
"""A link's weight is a percent (the plan editor's rule)."""
_MAX_TARGET = Decimal(10) ** 14
"""What the target columns hold (20 digits, 6 of them decimals)."""


def _check_adopt(actor: Actor, entry: LibraryIndicator, cycle: Cycle) -> None:
    if not can(actor, Action.EDIT_PLAN) or cycle.administration_id != actor.administration.pk:
        raise LibraryPermissionError(_("Il tuo ruolo non consente di modificare il piano."))
    if entry.owner_id not in (None, actor.administration.pk):
        raise LibraryPermissionError(_("L'indicatore non è della tua amministrazione."))
    if is_cycle_locked(cycle):
        raise LibraryLockedError(
            _("Il ciclo %(year)s è stato validato dall'OIV: il piano non cambia più.")
            % {"year": cycle.year}
        )
    if not can(actor, Action.EDIT_PLAN, cycle=cycle):
        raise LibraryLockedError(
            _(
                "Il piano del ciclo %(year)s non è modificabile ora: apri una variazione per "
                "cambiarlo."
            )
            % {"year": cycle.year}
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def _base_measures_ensure(actor: Actor, cycle: Cycle, entry: LibraryIndicator) -> None:
    """Define in ``cycle`` the base measures the entry's formula reads and the cycle lacks,
    named after their code for the office to complete (the plan editor's service, audited)."""
    if not entry.formula.strip():
        return
    defined = set(BaseMeasure.objects.filter(cycle=cycle).values_list("code", flat=True))
    for name in parse_formula(entry.formula).names_in_order:
        if name not in defined:
            base_measure_save(
                actor=actor,
                cycle=cycle,
                measure=None,
                fields=BaseMeasureFields(
                    code=name,
                    name=name,
                    description=_("Misura della formula di «%(code)s», dalla libreria.")
                    % {"code": entry.code},
                ),
            )


def library_indicator_adopt(
    *, actor: Actor, entry: LibraryIndicator, cycle: Cycle, request: AdoptionRequest
) -> Adoption:
    """Create a cycle indicator from ``entry`` with the target given, optionally linked to an
    objective with a weight, and record the adoption.

    The cycle indicator takes the entry's code unless ``request.code`` gives another; a code
    already used in the cycle is refused (never renamed silently).
    """
    # The cycle indicator and its link are the plan editor's (plans/editing.py): its services
    # write them with their own rules and audit, inside this transaction.
    code = (request.code or entry.code).strip()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
        _check_adopt(actor, entry, cycle)
        errors = _target_errors(entry, request.target)
        for name in ("value", "upper"):
            number = getattr(request.target, name)
            if number is not None and abs(number) >= _MAX_TARGET:
                errors[f"target_{name}"] = [_("Il numero è troppo grande.")]
        if not code:
            errors["code"] = [_("Indica il codice dell'indicatore nel ciclo.")]
        elif len(code) > Indicator._meta.get_field("code").max_length:  # type: ignore[operator]
            errors["code"] = [_("Il codice è troppo lungo.")]
        elif Indicator.objects.filter(cycle=cycle, code=code).exists():
            errors["code"] = [
                _(
                    "Il codice «%(code)s» è già usato da un indicatore del ciclo %(year)s: "
                    "indica un altro codice."
                )
                % {"code": code, "year": cycle.year}
            ]
        previous = (
            Adoption.objects.filter(library_indicator=entry, cycle_indicator__cycle=cycle)
            .select_related("cycle_indicator")
            .first()
        )
        if previous is not None:
            errors.setdefault("", []).append(
                _(
                    "«%(entry)s» è già nel ciclo %(year)s come indicatore «%(code)s»: "
                    "collegalo ad altri obiettivi dal piano."
                )
                % {
                    "entry": entry.code,
                    "year": cycle.year,
                    "code": previous.cycle_indicator.code,
                }
            )
        if request.node is not None and request.node.cycle_id != cycle.pk:
            errors["node"] = [_("L'obiettivo scelto non è di questo ciclo.")]
        if request.weight is not None and not 0 <= request.weight <= _MAX_WEIGHT:
            errors["weight"] = [_("Il peso è un numero tra 0 e 100.")]
        if request.weight is not None and request.node is None:
            errors["weight"] = [_("Il peso si indica solo con un obiettivo.")]
        if errors:
            raise LibraryValidationError(errors)
        target = _target_model_fields(entry, request.target)
        adopted = _("Adozione di «%(code)s» dalla libreria degli indicatori.") % {
            "code": entry.code
        }
        try:
            _base_measures_ensure(actor, cycle, entry)
            indicator = indicator_create(
                actor=actor,
                cycle=cycle,
                fields=IndicatorFields(
                    code=code,
                    name=entry.name,
                    comparator=target["comparator"],
                    unit=entry.unit,
                    target_value=target["target_value"],
                    target_upper=target["target_upper"],
                    target_due_on=target["target_due_on"],
                    target_expected=target["target_expected"],
                    data_source=entry.data_source,
                    description=entry.description,
                    formula=entry.formula,
                ),
                reason=request.reason or adopted,
            )
            link = None
            if request.node is not None:
                link = indicator_link_create(
                    actor=actor,
                    node=request.node,
                    indicator=indicator,
                    weight=request.weight,
                    reason=request.reason or adopted,
                )
        except PlanEditError as error:
            raise _library_error(error) from None
        adoption = Adoption.objects.create(
            administration=cycle.administration,
            library_indicator=entry,
            cycle_indicator=indicator,
            origin=AdoptionOrigin.ADOPTED,
            adopted_by=actor.user,
        )
        audit_record_by(
            actor,
            cycle=cycle,
            action="library_indicator_adopt",
            object_type="indicator",
            object_code=indicator.code,
            before=None,
            after={
                "library_code": entry.code,
                "library_common": entry.owner_id is None,
                "code": indicator.code,
                "name": indicator.name,
                **{key: _jsonable(value) for key, value in target.items()},
                "objective": request.node.code if request.node is not None else None,
                "weight": _jsonable(link.weight) if link is not None else None,
            },
            reason=request.reason,
        )
    return adoption


def _library_error(error: PlanEditError) -> LibraryError:
    """The plan editor's refusal as the library's, on the same form field when there is one."""
    if isinstance(error, PlanEditPermissionError):
        return LibraryPermissionError(error.message)
    if isinstance(error, PlanEditClosedError):
        return LibraryLockedError(error.message)
    field = error.field if error.field in _ADOPTION_FIELDS else ""
    return LibraryValidationError({field: [error.message]})


_ADOPTION_FIELDS = frozenset(
    {"code", "comparator", "target_value", "target_upper", "target_due_on", "target_expected"}
    | {"node", "weight"}
)


def _value_type_of(indicator: Indicator) -> str:
    if indicator.comparator == IndicatorComparator.DEADLINE:
        return ValueType.DATE
    if indicator.comparator == IndicatorComparator.YES_NO:
        return ValueType.YES_NO
    return ValueType.PERCENT if indicator.unit.strip() == "%" else ValueType.NUMBER


def _polarity_of(indicator: Indicator) -> str:
    if indicator.comparator == IndicatorComparator.DEADLINE:
        return Polarity.DEADLINE
    if indicator.comparator == IndicatorComparator.YES_NO:
        return Polarity.YES_NO
    if indicator.comparator in (IndicatorComparator.AT_MOST, IndicatorComparator.LESS_THAN):
        return Polarity.LOWER
    return Polarity.HIGHER


def library_indicator_add_from_cycle(
    *, actor: Actor, indicator: Indicator, code: str = "", reason: str = ""
) -> Adoption:
    """A new entry of the administration's library copied from a cycle indicator (no target),
    recorded as that indicator's origin. The office builds its library from earlier plans.

    Reads the cycle only, so it is allowed on validated cycles too.
    """
    with transaction.atomic():
        _check_manage(actor)
        if indicator.administration_id != actor.administration.pk:
            raise LibraryPermissionError(_("L'indicatore non è della tua amministrazione."))
        existing = (
            Adoption.objects.filter(cycle_indicator=indicator)
            .select_related("library_indicator")
            .first()
        )
        if existing is not None:
            raise LibraryValidationError(
                {
                    "": [
                        _("L'indicatore «%(code)s» è già nella libreria come «%(entry)s».")
                        % {"code": indicator.code, "entry": existing.library_indicator.code}
                    ]
                }
            )
        entry_code = (code or indicator.code).strip()
        if _code_taken(actor.administration.pk, entry_code):
            raise LibraryValidationError(
                {
                    "code": [
                        _(
                            "Il codice «%(code)s» è già usato nella libreria "
                            "dell'amministrazione: indica un altro codice."
                        )
                        % {"code": entry_code}
                    ]
                }
            )
        entry = LibraryIndicator(
            owner=actor.administration,
            code=entry_code,
            name=indicator.name,
            description=indicator.description,
            unit=indicator.unit,
            value_type=_value_type_of(indicator),
            polarity=_polarity_of(indicator),
            data_source=indicator.data_source,
            notes=indicator.notes,
        )
        _validated(entry)
        _saved(entry)
        adoption = Adoption.objects.create(
            administration=actor.administration,
            library_indicator=entry,
            cycle_indicator=indicator,
            origin=AdoptionOrigin.ADDED,
            adopted_by=actor.user,
        )
        _audit_entry(
            actor=actor,
            entry=entry,
            action="library_indicator_add_from_cycle",
            before=None,
            reason=reason
            or _("Dall'indicatore %(code)s del ciclo %(year)s.")
            % {"code": indicator.code, "year": indicator.cycle.year},
        )
    return adoption


# -- the common library ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeedOutcome:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


def library_seed_common(*, actor_label: str = "performa_library_seed") -> SeedOutcome:
    """Bring the common library up to date with ``common.COMMON_INDICATORS`` (idempotent).

    Only the fields the data module sets are written; formula, data source and the rest that a
    superuser may have completed in the admin are left alone.
    """
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    with transaction.atomic():
        for row in COMMON_INDICATORS:
            values = {
                "name": row.name,
                "unit": row.unit,
                "value_type": row.value_type,
                "polarity": row.polarity,
                "description": row.description,
                "notes": row.notes,
            }
            entry = LibraryIndicator.objects.select_for_update().filter(owner=None, code=row.code)
            current = entry.first()
            if current is None:
                current = LibraryIndicator(owner=None, code=row.code, **values)
                current.full_clean(exclude=["version"])
                current.save()
                created.append(row.code)
                before = None
            else:
                before = _entry_fields(current)
                if all(getattr(current, key) == value for key, value in values.items()):
                    unchanged.append(row.code)
                    continue
                for key, value in values.items():
                    setattr(current, key, value)
                current.version += 1
                current.full_clean(exclude=["version"])
                current.save()
                updated.append(row.code)
            audit_record(
                actor_label=actor_label,
                action="library_seed_common",
                object_type="library_indicator",
                object_code=row.code,
                before=before,
                after=_entry_fields(current),
            )
    return SeedOutcome(tuple(created), tuple(updated), tuple(unchanged))
