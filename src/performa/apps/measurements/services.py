"""Writes of measurements: the data-entry workflow (draft, submit, accept, send back), evidence
files, the import's bulk replace and the deadline reminders.

Every workflow service re-checks the permission policy (``access.can``) inside its transaction,
refuses a stale ``version`` with one conditional UPDATE, and records an audit entry.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import PurePath
from typing import Any, Final, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from performa.apps.administrations.access import (
    Action,
    Actor,
    NoAccess,
    actor_for,
    can,
    is_cycle_locked,
    restrict,
)
from performa.apps.administrations.models import Membership, Role
from performa.apps.audit.services import audit_record
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.measurements.models import Evidence, Measurement, MeasurementStatus, Reminder
from performa.apps.measurements.selectors import (
    EVIDENCE_REMOVABLE_STATUSES,
    LEFT_TO_ENTER_STATUSES,
    ValueKind,
    entry_assess,
    figure_text,
    measurement_value,
    value_kind_for,
)
from performa.apps.plans.models import Indicator
from performa.reporting.formatting import format_date
from performa.scoring import ActualValue, RuleSet
from performa.workbook.data import MeasurementRow

logger = logging.getLogger(__name__)

# -- errors ----------------------------------------------------------------------------------


class MeasurementError(Exception):
    """A figure refused by the data-entry rules, with an Italian message for the user.

    ``field`` names the form field at fault (``None``: the figure as a whole).

    MeasurementError
    ├── MeasurementRefusedError   the actor may not do this (role, unit, administration)
    ├── MeasurementConflictError  someone else saved the figure first (stale version)
    └── EvidenceError             the uploaded file is refused (type, size, content)
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class MeasurementRefusedError(MeasurementError):
    """The actor's role or scope does not allow the action (interfaces answer 403)."""


class MeasurementConflictError(MeasurementError):
    """The figure changed since the form was loaded; ``current`` is the figure as it is now."""

    def __init__(self, message: str, *, current: Measurement | None) -> None:
        super().__init__(message)
        self.current = current


class EvidenceError(MeasurementError):
    """An evidence file that is not of an allowed type, too large or not what it claims."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="evidence")


@dataclass(frozen=True, slots=True)
class ComputedFigure:
    """A formula indicator's figure computed from base values on import: its value with the
    formula and inputs (``computation``), or N/D with the reason the formula gave none."""

    indicator_code: str
    period_code: str
    value: Decimal | None
    computation: dict[str, Any] | None = None
    not_available_reason: str = ""


# -- the data-entry workflow -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasurementEntry:
    """A figure as entered: ``value`` (``None``: N/D, with its reason), comment, explanation."""

    value: ActualValue | None
    not_available_reason: str = ""
    comment: str = ""
    deviation_explanation: str = ""


def _actor_label(actor: Actor) -> str:
    return actor.user.get_full_name() or actor.user.get_username()


def _object_code(indicator: Indicator, period: MonitoringPeriod) -> str:
    """The audit trail's name of a figure: indicator code and period code."""
    return f"{indicator.code} @ {period.code}"


def _snapshot(measurement: Measurement | None) -> dict[str, Any] | None:
    """A figure as JSON for the audit trail."""
    if measurement is None:
        return None
    value = measurement_value(measurement)
    return {
        "value": value if isinstance(value, bool) or value is None else str(value),
        "not_available_reason": measurement.not_available_reason,
        "comment": measurement.comment,
        "deviation_explanation": measurement.deviation_explanation,
        "status": measurement.status,
        "review_comment": measurement.review_comment,
        "version": measurement.version,
    }


def _value_fields(value: ActualValue | None) -> dict[str, Any]:
    return {
        "value_number": value if isinstance(value, Decimal) else None,
        "value_date": value if isinstance(value, date) else None,
        "value_bool": value if isinstance(value, bool) else None,
    }


def conflict_message(current: Measurement | None) -> str:
    """What the second of two editors reads: who changed the figure, when, to which value."""
    if current is None:
        return _("Il valore è stato eliminato da un altro utente. Ricarica la pagina.")
    who = (
        (current.updated_by.get_full_name() or current.updated_by.get_username())
        if current.updated_by is not None
        else _("un altro utente")
    )
    when = timezone.localtime(current.updated_at)
    changed = _("Il valore è stato modificato da %(who)s il %(day)s alle %(time)s: %(value)s") % {
        "who": who,
        "day": format_date(when.date()),
        "time": when.strftime("%H:%M"),
        "value": figure_text(current, current.indicator.unit),
    }
    end = "" if changed.endswith(".") else "."  # units such as "N." already end the sentence
    return f"{changed}{end} {_('Ricarica per vedere la versione attuale.')}"


def _conflict(
    measurement_id: int | None, *, indicator: Indicator, period: MonitoringPeriod
) -> MeasurementConflictError:
    current = (
        Measurement.objects.select_related("updated_by", "indicator")
        .filter(indicator=indicator, period=period)
        .first()
        if measurement_id is None
        else Measurement.objects.select_related("updated_by", "indicator")
        .filter(pk=measurement_id)
        .first()
    )
    return MeasurementConflictError(conflict_message(current), current=current)


def _check_can_enter(actor: Actor, indicator: Indicator, period: MonitoringPeriod) -> None:
    """Refuse, with the reason, what ``can(actor, ENTER_MEASUREMENT, ...)`` refuses."""
    if (
        indicator.administration_id != actor.administration.pk
        or period.administration_id != actor.administration.pk
        or indicator.cycle_id != period.cycle_id
    ):
        raise MeasurementRefusedError(_("Indicatore o periodo di un'altra amministrazione."))
    if is_cycle_locked(period.cycle):
        raise MeasurementError(
            _("Il ciclo %(year)s è stato validato dall'OIV: i valori non si modificano più.")
            % {"year": period.cycle.year}
        )
    if not period.is_open:
        raise MeasurementError(
            _("Il periodo «%(period)s» è chiuso: i valori non si possono inserire o inviare.")
            % {"period": period.name}
        )
    if not can(actor, Action.ENTER_MEASUREMENT, indicator=indicator, period=period):
        raise MeasurementRefusedError(
            _(
                "Non puoi inserire valori per l'indicatore %(code)s: non è di una tua unità "
                "organizzativa."
            )
            % {"code": indicator.code}
        )


def _fresh(*, indicator: Indicator, period: MonitoringPeriod) -> tuple[Indicator, MonitoringPeriod]:
    """Fresh rows of the indicator and period (their state may have changed since the form)."""
    fresh_period = MonitoringPeriod.objects.select_related("cycle").get(pk=period.pk)
    fresh_indicator = Indicator.objects.get(pk=indicator.pk)
    return fresh_indicator, fresh_period


def _with_computed_value(
    indicator: Indicator, period: MonitoringPeriod, entry: MeasurementEntry
) -> MeasurementEntry:
    """For a formula indicator, ``entry`` with the value computed from the base measures (what
    was typed does not count); refused while the base values are incomplete."""
    if not indicator.formula.strip():
        return entry
    computed = (
        Measurement.objects.filter(indicator=indicator, period=period)
        .filter(computation__isnull=False)
        .values_list("value_number", flat=True)
        .first()
    )
    if computed is None:
        raise MeasurementError(
            _(
                "Il valore di %(code)s si calcola dalla formula %(formula)s: inserisci prima i "
                "valori delle misure di base nella pagina «Misure di base»."
            )
            % {"code": indicator.code, "formula": indicator.formula},
            field="value",
        )
    return dataclasses.replace(entry, value=computed, not_available_reason="")


def _measurement_write(
    *,
    actor: Actor,
    indicator: Indicator,
    period: MonitoringPeriod,
    entry: MeasurementEntry,
    version: int,
    status: MeasurementStatus,
    today: date | None,
) -> Measurement:
    """Save ``entry`` as the figure of ``indicator`` in ``period`` with ``status``.

    ``version`` is the figure's version the form was built from (0: no figure yet).
    """
    with transaction.atomic():
        indicator, period = _fresh(indicator=indicator, period=period)
        _check_can_enter(actor, indicator, period)
        entry = _with_computed_value(indicator, period, entry)
        assessment = entry_assess(
            indicator=indicator,
            value=entry.value,
            not_available_reason=entry.not_available_reason,
            deviation_explanation=entry.deviation_explanation,
            rules=RuleSet.from_settings(period.cycle.rules),
            today=today or timezone.localdate(),
        )
        if assessment.problems:
            field, message = next(iter(assessment.problems.items()))
            raise MeasurementError(message, field=field)
        current = Measurement.objects.filter(indicator=indicator, period=period).first()
        if (
            current is not None
            and current.status == MeasurementStatus.ACCEPTED
            and actor.role != Role.OFFICE
        ):
            raise MeasurementError(
                _(
                    "Il valore è già stato accettato dal controllo di gestione: per correggerlo "
                    "chiedi che te lo rinvii."
                )
            )
        fields = {
            **_value_fields(entry.value),
            "not_available_reason": entry.not_available_reason.strip()
            if entry.value is None
            else "",
            "comment": entry.comment.strip(),
            "deviation_explanation": entry.deviation_explanation.strip()
            if assessment.is_below_target
            else "",
            "status": status,
            "updated_by": actor.user,
            "updated_at": timezone.now(),
        }
        if current is None:
            if version != 0:
                raise _conflict(None, indicator=indicator, period=period)
            try:
                with transaction.atomic():
                    measurement_id = Measurement.objects.create(
                        administration=indicator.administration,
                        indicator=indicator,
                        period=period,
                        **fields,
                    ).pk
            except IntegrityError:  # created meanwhile by someone else
                raise _conflict(None, indicator=indicator, period=period) from None
        else:
            # One conditional UPDATE: of two saves from the same version only one matches.
            updated = Measurement.objects.filter(pk=current.pk, version=version).update(
                **fields, version=F("version") + 1
            )
            if updated == 0:
                raise _conflict(current.pk, indicator=indicator, period=period)
            measurement_id = current.pk
        measurement = Measurement.objects.select_related("indicator", "period", "updated_by").get(
            pk=measurement_id
        )
        audit_record(
            administration=actor.administration,
            cycle=period.cycle,
            actor=actor.user,
            actor_label=_actor_label(actor),
            action="measurement_submit"
            if status is MeasurementStatus.SUBMITTED
            else "measurement_save_draft",
            object_type="measurement",
            object_code=_object_code(indicator, period),
            before=_snapshot(current),
            after=_snapshot(measurement),
            reason=entry.deviation_explanation.strip() or entry.not_available_reason.strip(),
        )
        cycle_touch(cycle_id=period.cycle_id)
    return measurement


def measurement_save_draft(
    *,
    actor: Actor,
    indicator: Indicator,
    period: MonitoringPeriod,
    entry: MeasurementEntry,
    version: int,
    today: date | None = None,
) -> Measurement:
    """Save a figure as a draft (not yet sent to the office).

    Refused (``MeasurementError`` and subclasses) outside the actor's units, on a closed period
    or a validated cycle, for a value of the wrong kind or below target without explanation
    (``selectors.entry_assess``), for a figure already accepted (unless the office saves it),
    and when ``version`` is not the figure's current version. ``today`` (default: the local
    date) dates the check that a completion date is not in the future.
    """
    return _measurement_write(
        actor=actor,
        indicator=indicator,
        period=period,
        entry=entry,
        version=version,
        status=MeasurementStatus.DRAFT,
        today=today,
    )


def measurement_submit(
    *,
    actor: Actor,
    indicator: Indicator,
    period: MonitoringPeriod,
    entry: MeasurementEntry,
    version: int,
    today: date | None = None,
) -> Measurement:
    """Save a figure and send it to the office for review; same checks as the draft."""
    return _measurement_write(
        actor=actor,
        indicator=indicator,
        period=period,
        entry=entry,
        version=version,
        status=MeasurementStatus.SUBMITTED,
        today=today,
    )


def _review(
    *,
    actor: Actor,
    measurement: Measurement,
    version: int,
    allowed_from: tuple[MeasurementStatus, ...],
    status: MeasurementStatus,
    comment: str,
    action: str,
) -> Measurement:
    with transaction.atomic():
        current = (
            Measurement.objects.select_related("indicator", "period__cycle", "updated_by")
            .filter(pk=measurement.pk)
            .first()
        )
        if current is None:
            raise MeasurementConflictError(conflict_message(None), current=None)
        period, indicator = current.period, current.indicator
        if current.administration_id != actor.administration.pk:
            raise MeasurementRefusedError(_("Valore di un'altra amministrazione."))
        if is_cycle_locked(period.cycle):
            raise MeasurementError(
                _("Il ciclo %(year)s è stato validato dall'OIV: i valori non si modificano più.")
                % {"year": period.cycle.year}
            )
        if not can(actor, Action.REVIEW_MEASUREMENT, cycle=period.cycle, indicator=indicator):
            raise MeasurementRefusedError(
                _("Solo il controllo di gestione accetta o rinvia i valori.")
            )
        if current.version != version:
            raise MeasurementConflictError(conflict_message(current), current=current)
        if current.status not in allowed_from:
            raise MeasurementError(
                _("Il valore è nello stato «%(status)s»: non si può %(what)s.")
                % {
                    "status": MeasurementStatus(current.status).label,
                    "what": _("accettare")
                    if status is MeasurementStatus.ACCEPTED
                    else _("rinviare"),
                }
            )
        updated = Measurement.objects.filter(
            pk=current.pk, version=version, status__in=allowed_from
        ).update(
            status=status,
            review_comment=comment,
            reviewed_by=actor.user,
            reviewed_at=timezone.now(),
            version=F("version") + 1,
        )
        if updated == 0:
            raise _conflict(current.pk, indicator=indicator, period=period)
        after = Measurement.objects.select_related("indicator", "period", "updated_by").get(
            pk=current.pk
        )
        audit_record(
            administration=actor.administration,
            cycle=period.cycle,
            actor=actor.user,
            actor_label=_actor_label(actor),
            action=action,
            object_type="measurement",
            object_code=_object_code(indicator, period),
            before=_snapshot(current),
            after=_snapshot(after),
            reason=comment,
        )
        cycle_touch(cycle_id=period.cycle_id)
    return after


def measurement_accept(*, actor: Actor, measurement: Measurement, version: int) -> Measurement:
    """The office accepts a submitted figure: it now counts in scores and reports.

    Refused for other roles, on a validated cycle, for a figure not submitted, and when
    ``version`` is stale (the owner changed the figure after the page was loaded).
    """
    return _review(
        actor=actor,
        measurement=measurement,
        version=version,
        allowed_from=(MeasurementStatus.SUBMITTED,),
        status=MeasurementStatus.ACCEPTED,
        comment="",
        action="measurement_accept",
    )


def measurement_return(
    *, actor: Actor, measurement: Measurement, version: int, comment: str
) -> Measurement:
    """The office sends a submitted (or accepted) figure back to its owner with a comment.

    The comment is mandatory and shown to the owner, who corrects and submits again.
    """
    comment = comment.strip()
    if not comment:
        raise MeasurementError(
            _("Scrivi il motivo del rinvio: il referente lo leggerà per correggere il valore."),
            field="review_comment",
        )
    return _review(
        actor=actor,
        measurement=measurement,
        version=version,
        allowed_from=(MeasurementStatus.SUBMITTED, MeasurementStatus.ACCEPTED),
        status=MeasurementStatus.RETURNED,
        comment=comment,
        action="measurement_return",
    )


def measurement_record_from_source(
    *,
    actor: Actor | None,
    actor_label: str,
    indicator: Indicator,
    period: MonitoringPeriod,
    value: Decimal,
    data_source: str,
    source_prefix: str,
) -> Measurement:
    """Record ``value``, computed elsewhere (a survey), as the accepted figure of ``indicator``
    in ``period``, with ``data_source`` saying where it comes from; audited.

    Only the office records such figures (``actor`` ``None``: the system, e.g. the demo). It
    writes when there is no figure, when the figure came from the same source (its
    ``data_source`` starts with ``source_prefix``), when the office sent it back, or when it
    holds the same value (then only its source changes). Any other figure (accepted, submitted
    or a draft, with another value) is never overwritten: ``MeasurementError`` says so.
    """
    with transaction.atomic():
        indicator, period = _fresh(indicator=indicator, period=period)
        cycle = period.cycle
        if indicator.cycle_id != cycle.pk:
            raise MeasurementRefusedError(_("Indicatore e periodo di cicli diversi."))
        if is_cycle_locked(cycle):
            raise MeasurementError(
                _("Il ciclo %(year)s è stato validato dall'OIV: i valori non si modificano più.")
                % {"year": cycle.year}
            )
        if actor is not None and not can(actor, Action.REVIEW_MEASUREMENT, indicator=indicator):
            raise MeasurementRefusedError(
                _("Solo il controllo di gestione registra valori da altre fonti.")
            )
        if value_kind_for(indicator) is not ValueKind.NUMBER:
            raise MeasurementError(
                _("L'indicatore %(code)s non ha un valore numerico.") % {"code": indicator.code}
            )
        current = Measurement.objects.filter(indicator=indicator, period=period).first()
        is_same_value = current is not None and current.value_number == value
        if (
            current is not None
            and not current.data_source.startswith(source_prefix)
            and current.status != MeasurementStatus.RETURNED
            and not is_same_value
        ):
            raise MeasurementError(
                _(
                    "L'indicatore %(code)s ha già un valore %(status)s (%(value)s) da un'altra "
                    "fonte: non viene sovrascritto. Rinvialo o correggilo, poi ripeti."
                )
                % {
                    "code": indicator.code,
                    "status": MeasurementStatus(current.status).label.lower(),
                    "value": figure_text(current, indicator.unit),
                }
            )
        user = actor.user if actor is not None else None
        fields: dict[str, Any] = {
            **_value_fields(value),
            "not_available_reason": "",
            "data_source": data_source[:500],
            "status": MeasurementStatus.ACCEPTED,
            "updated_by": user,
            "updated_at": timezone.now(),
        }
        if current is None:
            measurement_id = Measurement.objects.create(
                administration=indicator.administration,
                indicator=indicator,
                period=period,
                reviewed_by=user,
                reviewed_at=timezone.now(),
                **fields,
            ).pk
        else:
            Measurement.objects.filter(pk=current.pk).update(**fields, version=F("version") + 1)
            measurement_id = current.pk
        measurement = Measurement.objects.select_related("indicator", "period", "updated_by").get(
            pk=measurement_id
        )
        audit_record(
            administration=indicator.administration,
            cycle=cycle,
            actor=user,
            actor_label=actor_label,
            action="measurement_record_from_source",
            object_type="measurement",
            object_code=_object_code(indicator, period),
            before=_snapshot(current),
            after=_snapshot(measurement),
            reason=data_source,
        )
        cycle_touch(cycle_id=cycle.pk)
    return measurement


# -- evidence --------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES: Final = 10 * 1024 * 1024
"""10 MB."""


class ByteStream(Protocol):
    """What an upload offers: Django's ``UploadedFile`` or an ``io.BytesIO``."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...


_ZIP_MAGIC = b"PK\x03\x04"
EVIDENCE_TYPES: Final[dict[str, str]] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
"""Allowed evidence files: extension → media type."""

_MAGIC: Final[dict[str, bytes]] = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": _ZIP_MAGIC,
    ".xlsx": _ZIP_MAGIC,
    ".odt": _ZIP_MAGIC,
    ".ods": _ZIP_MAGIC,
}
_ZIP_MEMBER: Final[dict[str, str]] = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def _zip_matches(extension: str, stream: ByteStream) -> bool:
    """Whether a zip container is really a document of ``extension`` (Office or OpenDocument)."""
    try:
        with zipfile.ZipFile(io.BytesIO(stream.read())) as archive:
            names = set(archive.namelist())
            if extension in _ZIP_MEMBER:
                return _ZIP_MEMBER[extension] in names
            if "mimetype" not in names:
                return False
            return (
                archive.read("mimetype").decode("ascii", "replace").strip()
                == (EVIDENCE_TYPES[extension])
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def evidence_problem(*, name: str, size: int, stream: ByteStream) -> str | None:
    """Why a file cannot be evidence, or ``None``: its extension must be allowed, its size at
    most ``EVIDENCE_MAX_BYTES``, and its content (first bytes, and for Office/OpenDocument
    files the archive's members) must match the extension. ``stream`` is rewound afterwards."""
    extension = PurePath(name).suffix.lower()
    allowed = ", ".join(sorted({key.lstrip(".") for key in EVIDENCE_TYPES} - {"jpeg"}))
    if extension not in EVIDENCE_TYPES:
        return _("Tipo di file non ammesso (%(name)s): sono ammessi %(allowed)s.") % {
            "name": name,
            "allowed": allowed,
        }
    if size > EVIDENCE_MAX_BYTES:
        return _("Il file %(name)s supera i 10 MB (%(size)s MB).") % {
            "name": name,
            "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
        }
    if size == 0:
        return _("Il file %(name)s è vuoto.") % {"name": name}
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    matches = head.startswith(_MAGIC[extension])
    if matches and _MAGIC[extension] == _ZIP_MAGIC:
        matches = _zip_matches(extension, stream)
        stream.seek(0)
    if not matches:
        return _("Il contenuto del file %(name)s non corrisponde all'estensione %(extension)s.") % {
            "name": name,
            "extension": extension,
        }
    return None


def evidence_attach(
    *,
    actor: Actor,
    measurement: Measurement,
    name: str,
    size: int,
    stream: ByteStream,
) -> Evidence:
    """Store an uploaded supporting document with a figure (under ``MEDIA_ROOT/evidence/``).

    Checks the file (``evidence_problem``) and the same permissions as entering the figure;
    the stored name is random, the original kept for display. Bumps the figure's version.
    """
    problem = evidence_problem(name=name, size=size, stream=stream)
    if problem is not None:
        raise EvidenceError(problem)
    with transaction.atomic():
        current = Measurement.objects.select_related("indicator", "period__cycle").get(
            pk=measurement.pk
        )
        _check_can_enter(actor, current.indicator, current.period)
        if current.status == MeasurementStatus.ACCEPTED and actor.role != Role.OFFICE:
            raise MeasurementError(
                _("Il valore è già stato accettato: non si aggiungono documenti.")
            )
        extension = PurePath(name).suffix.lower()
        evidence = Evidence(
            administration=current.administration,
            measurement=current,
            original_name=PurePath(name).name[:255],
            content_type=EVIDENCE_TYPES[extension],
            size=size,
            uploaded_by=actor.user,
        )
        stream.seek(0)
        evidence.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(stream.read()), save=False)
        evidence.save()
        Measurement.objects.filter(pk=current.pk).update(
            version=F("version") + 1, updated_by=actor.user, updated_at=timezone.now()
        )
        audit_record(
            administration=actor.administration,
            cycle=current.period.cycle,
            actor=actor.user,
            actor_label=_actor_label(actor),
            action="evidence_attach",
            object_type="measurement",
            object_code=_object_code(current.indicator, current.period),
            before=None,
            after={"file": evidence.original_name, "size": size, "type": evidence.content_type},
        )
    return evidence


def evidence_remove(*, actor: Actor, evidence: Evidence, reason: str = "") -> None:
    """Remove a supporting document from a figure, and its file from storage.

    Allowed to whoever may enter the figure (the same checks as ``evidence_attach``: the
    actor's units, an open period, a cycle not validated) while the figure is a draft or was
    sent back (``EVIDENCE_REMOVABLE_STATUSES``): the documents of a figure under review or
    accepted stay, and the office sends the figure back first. Audited with the file's name,
    size and type and the optional ``reason``; bumps the figure's version. The file is deleted
    only once the transaction commits, so a rollback never leaves a row without its file.
    """
    with transaction.atomic():
        current = (
            Evidence.objects.select_related("measurement__indicator", "measurement__period__cycle")
            .filter(pk=evidence.pk)
            .first()
        )
        if current is None:
            raise MeasurementError(_("Il documento è già stato rimosso."))
        measurement = current.measurement
        _check_can_enter(actor, measurement.indicator, measurement.period)
        if measurement.status not in EVIDENCE_REMOVABLE_STATUSES:
            raise MeasurementError(
                _("Il valore è nello stato «%(status)s»: i suoi documenti non si rimuovono.")
                % {"status": MeasurementStatus(measurement.status).label}
            )
        stored_name, storage = current.file.name, current.file.storage
        deleted, _counts = Evidence.objects.filter(pk=current.pk).delete()
        if deleted == 0:  # removed meanwhile by someone else
            raise MeasurementError(_("Il documento è già stato rimosso."))
        Measurement.objects.filter(pk=measurement.pk).update(
            version=F("version") + 1, updated_by=actor.user, updated_at=timezone.now()
        )
        audit_record(
            administration=actor.administration,
            cycle=measurement.period.cycle,
            actor=actor.user,
            actor_label=_actor_label(actor),
            action="evidence_remove",
            object_type="measurement",
            object_code=_object_code(measurement.indicator, measurement.period),
            before={
                "file": current.original_name,
                "size": current.size,
                "type": current.content_type,
            },
            after=None,
            reason=reason.strip(),
        )
        cycle_touch(cycle_id=measurement.period.cycle_id)  # the lists show who changed it last
        if stored_name:
            transaction.on_commit(partial(storage.delete, stored_name), robust=True)


def evidence_attach_bytes(
    *, actor: Actor, measurement: Measurement, name: str, content: bytes
) -> Evidence:
    """``evidence_attach`` for content already in memory (CLI, tests)."""
    return evidence_attach(
        actor=actor,
        measurement=measurement,
        name=name,
        size=len(content),
        stream=io.BytesIO(content),
    )


# -- import ----------------------------------------------------------------------------------


def measurements_replace(
    *,
    cycle: Cycle,
    rows: Iterable[MeasurementRow],
    indicators: Mapping[str, Indicator],
    periods: Mapping[str, MonitoringPeriod],
    computed: Iterable[ComputedFigure] = (),
) -> int:
    """Replace every measurement of ``cycle`` with ``rows`` and the ``computed`` figures of
    formula indicators; call inside the import's transaction.

    Imported figures are accepted. Returns the number of measurements written.
    """
    Measurement.objects.filter(administration=cycle.administration, period__cycle=cycle).delete()
    measurements = []
    for row in rows:
        value = row.value
        measurements.append(
            Measurement(
                administration=cycle.administration,
                indicator=indicators[row.indicator_code],
                period=periods[row.period_code],
                **_value_fields(value),
                not_available_reason=row.not_available_reason,
                comment=row.comment,
                data_source=row.data_source,
            )
        )
    for figure in computed:
        measurements.append(
            Measurement(
                administration=cycle.administration,
                indicator=indicators[figure.indicator_code],
                period=periods[figure.period_code],
                value_number=figure.value,
                not_available_reason=figure.not_available_reason,
                data_source=_("Calcolato dalla formula"),
                computation=figure.computation,
            )
        )
    Measurement.objects.bulk_create(measurements)
    return len(measurements)


# -- reminders -------------------------------------------------------------------------------

REMINDER_DAYS_BEFORE: Final = (7, 1, 0)
"""Reminders go out 7 days and 1 day before the deadline, and on the day."""
OVERDUE_EVERY_DAYS: Final = 3
"""After the deadline: the day after, then every 3 days while figures are missing."""


def reminder_is_due(days_to_deadline: int) -> bool:
    """Whether a reminder goes out ``days_to_deadline`` days before the deadline (negative:
    after it): 7, 1 and 0 days before; 1, 4, 7... days after."""
    if days_to_deadline in REMINDER_DAYS_BEFORE:
        return True
    return days_to_deadline < 0 and (-days_to_deadline - 1) % OVERDUE_EVERY_DAYS == 0


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """An indicator listed in a reminder, with the direct link to its entry form."""

    code: str
    name: str
    state: str
    review_comment: str
    url: str


def _left_to_enter(
    actor: Actor, period: MonitoringPeriod
) -> list[tuple[Indicator, Measurement | None]]:
    """The actor's indicators whose figure for ``period`` is missing, a draft or sent back."""
    indicators = list(
        restrict(
            Indicator.objects.filter(cycle_id=period.cycle_id), actor, Action.ENTER_MEASUREMENT
        ).order_by("position")
    )
    figures = {
        figure.indicator_id: figure
        for figure in Measurement.objects.filter(
            period=period, indicator_id__in=[indicator.pk for indicator in indicators]
        )
    }
    return [
        (indicator, figures.get(indicator.pk))
        for indicator in indicators
        if indicator.pk not in figures or figures[indicator.pk].status in LEFT_TO_ENTER_STATUSES
    ]


def _reminder_message(
    *,
    user: User,
    period: MonitoringPeriod,
    days_to_deadline: int,
    items: list[ReminderItem],
    list_url: str,
) -> EmailMessage:
    assert period.deadline_on is not None
    context = {
        "user": user,
        "period": period,
        "cycle": period.cycle,
        "deadline": format_date(period.deadline_on),
        "days_to_deadline": days_to_deadline,
        "days_overdue": -days_to_deadline,
        "items": items,
        "count": len(items),
        "list_url": list_url,
    }
    subject = " ".join(render_to_string("measurements/email/reminder_subject.txt", context).split())
    body = render_to_string("measurements/email/reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _base_url(base_url: str | None) -> str:
    default = str(getattr(settings, "PERFORMA_BASE_URL", "http://127.0.0.1:8000"))
    return (base_url or default).rstrip("/")


def reminders_send(*, today: date, base_url: str | None = None) -> list[Reminder]:
    """E-mail every manager and officer who has figures left to enter in an open period whose
    deadline is 7 or 1 days away, today, or past (the day after, then every 3 days).

    Each mail lists the user's indicators still missing, in draft or sent back, with a direct
    link to each entry form (``base_url`` + path; default setting ``PERFORMA_BASE_URL``).
    Idempotent per day: a ``Reminder`` row per user, period and day is written in the same
    transaction as the sending, so a second run on the same day sends nothing. Users without
    an e-mail address and periods of validated cycles are skipped. Returns the reminders sent.
    """
    root = _base_url(base_url)
    sent: list[Reminder] = []
    periods = (
        MonitoringPeriod.objects.filter(is_open=True, deadline_on__isnull=False)
        .select_related("cycle", "administration")
        .order_by("administration__code", "cycle__year", "position")
    )
    for period in periods:
        assert period.deadline_on is not None
        days_to_deadline = (period.deadline_on - today).days
        if not reminder_is_due(days_to_deadline) or is_cycle_locked(period.cycle):
            continue
        memberships = (
            Membership.objects.filter(
                administration=period.administration, role__in=[Role.MANAGER, Role.OFFICER]
            )
            .exclude(user__email="")
            .select_related("user")
            .order_by("user__username")
        )
        for membership in memberships:
            reminder = _remind(
                membership=membership,
                period=period,
                today=today,
                days_to_deadline=days_to_deadline,
                root=root,
            )
            if reminder is not None:
                sent.append(reminder)
    return sent


def _remind(
    *,
    membership: Membership,
    period: MonitoringPeriod,
    today: date,
    days_to_deadline: int,
    root: str,
) -> Reminder | None:
    """Send one user's reminder for one period, unless already sent today or nothing is left."""
    user = membership.user
    if not user.is_active:
        return None
    try:
        actor = actor_for(user, period.administration.code)
    except NoAccess:
        return None
    if Reminder.objects.filter(period=period, user=user, sent_on=today).exists():
        return None
    left = _left_to_enter(actor, period)
    if not left:
        return None
    url_arguments = {"administration": period.administration.code, "year": period.cycle.year}
    items = [
        ReminderItem(
            code=indicator.code,
            name=indicator.name,
            state=str(MeasurementStatus(figure.status).label) if figure else _("Da inserire"),
            review_comment=figure.review_comment
            if figure and figure.status == MeasurementStatus.RETURNED
            else "",
            url=root
            + reverse(
                "measurements:measurement-entry",
                kwargs={
                    **url_arguments,
                    "period_code": period.code,
                    "indicator_code": indicator.code,
                },
            ),
        )
        for indicator, figure in left
    ]
    list_url = (
        root
        + reverse("measurements:my-indicators", kwargs=url_arguments)
        + f"?periodo={period.code}"
    )
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                administration=period.administration,
                period=period,
                user=user,
                sent_on=today,
                days_to_deadline=days_to_deadline,
                indicator_codes=[item.code for item in items],
            )
            _reminder_message(
                user=user,
                period=period,
                days_to_deadline=days_to_deadline,
                items=items,
                list_url=list_url,
            ).send()
    except IntegrityError:  # another run sent it meanwhile
        return None
    except OSError:  # SMTP errors included: nothing recorded, the next run tries again
        logger.exception("reminder to %s for period %s not sent", user.get_username(), period.pk)
        return None
    return reminder
