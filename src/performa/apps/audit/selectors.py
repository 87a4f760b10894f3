"""Reads of the audit trail: the filtered list of a cycle, the history of an object, and the
rows of the CSV export. Entries are always scoped to one administration and one cycle."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle

ACTION_LABELS: Final = {
    "plan_import": _("Importazione del piano"),
    "override_set": _("Intervento sul punteggio"),
    "override_remove": _("Intervento rimosso"),
    "cycle_state": _("Cambio di stato del ciclo"),
    "cycle_validate": _("Validazione del ciclo"),
    "period_open": _("Apertura del periodo"),
    "period_close": _("Chiusura del periodo"),
    "period_set_deadline": _("Scadenza del periodo"),
    "measurement_save": _("Valore salvato"),
    "measurement_save_draft": _("Valore salvato in bozza"),
    "measurement_submit": _("Valore inviato"),
    "measurement_accept": _("Valore accettato"),
    "measurement_return": _("Valore rinviato per correzioni"),
    "evidence_attach": _("Documento allegato"),
    "evidence_add": _("Documento allegato"),
    "evidence_upload": _("Documento allegato"),
    "evidence_remove": _("Documento rimosso"),
    "plan_node_create": _("Nodo del piano creato"),
    "plan_node_update": _("Nodo del piano modificato"),
    "plan_node_move": _("Nodo del piano spostato"),
    "plan_node_delete": _("Nodo del piano eliminato"),
    "indicator_create": _("Indicatore creato"),
    "indicator_update": _("Indicatore modificato"),
    "indicator_link_create": _("Indicatore collegato a un obiettivo"),
    "indicator_link_update": _("Peso del collegamento modificato"),
    "indicator_link_delete": _("Collegamento rimosso"),
    "year_targets_set": _("Target degli anni successivi"),
    "target_reviewed": _("Target rivisto"),
    "cycle_copy": _("Ciclo copiato dall'anno precedente"),
    "cycle_create": _("Nuovo ciclo vuoto"),
    "plan_version_adopt": _("Adozione del piano"),
    "plan_revision_open": _("Variazione del piano aperta"),
    "plan_revision_record": _("Variazione registrata"),
    "plan_revision_cancel": _("Variazione annullata"),
    "library_indicator_create": _("Indicatore aggiunto alla libreria"),
    "library_indicator_update": _("Indicatore della libreria modificato"),
    "library_indicator_adopt": _("Indicatore adottato dalla libreria"),
    "library_indicator_add_from_cycle": _("Indicatore del piano aggiunto alla libreria"),
    "library_seed_common": _("Libreria comune aggiornata"),
    "base_measure_create": _("Misura di base creata"),
    "base_measure_update": _("Misura di base modificata"),
    "base_measure_delete": _("Misura di base eliminata"),
    "base_value_save": _("Valore di una misura di base salvato"),
    "measurement_compute": _("Valore calcolato dalla formula"),
    "measurement_record_from_source": _("Valore registrato da un'altra fonte"),
    "survey_import": _("Indagine importata"),
    "survey_link_create": _("Indicatore collegato a un'indagine"),
    "survey_link_delete": _("Collegamento a un'indagine rimosso"),
    "survey_earlier_year_save": _("Risultato di un anno precedente dell'indagine"),
    "staff_figures_replace": _("Dati del personale sostituiti"),
    "body_members_replace": _("Componenti degli organi sostituiti"),
    "staff_indicator_source_set": _("Dato del personale collegato a un indicatore"),
    "demo_staff_load": _("Dati dimostrativi di contesto e personale caricati"),
    "publication_publish": _("Pubblicazione nella sezione Amministrazione Trasparente"),
    "publication_withdraw": _("Pubblicazione ritirata"),
    "api_token_create": _("Token API creato"),
    "api_token_revoke": _("Token API revocato"),
    "appraisal_assigned": _("Scheda di valutazione assegnata"),
    "appraisal_midyear": _("Colloquio intermedio registrato"),
    "appraisal_self_assessed": _("Autovalutazione presentata"),
    "appraisal_proposed": _("Proposta di valutazione dell'OIV"),
    "appraisal_evaluated": _("Valutazione individuale registrata"),
    "appraisal_acknowledged": _("Presa visione della valutazione"),
    "appraisal_review_requested": _("Richiesta di riesame della valutazione"),
    "appraisal_review_decided": _("Riesame della valutazione deciso"),
    "appraisal_viewed": _("Consultazione di una scheda di valutazione"),
    "appraisal_schemes_created": _("Schemi di valutazione di esempio creati"),
    "appraisal_demo_loaded": _("Schede di valutazione dimostrative caricate"),
}
"""Italian names of the actions services record; an action not listed shows its own name."""

FIELD_LABELS: Final = {
    "evaluated_percent": _("punteggio valutato"),
    "justification": _("motivazione"),
    "evaluator": _("valutatore"),
    "state": _("stato"),
    "is_open": _("aperta"),
    "deadline_on": _("scadenza"),
    "title": _("titolo"),
    "rules": _("regole"),
    "counts": _("quantità"),
    "value": _("valore"),
    "status": _("stato"),
    "comment": _("commento"),
    "not_available_reason": _("motivo N/D"),
    "review_comment": _("nota del controllo"),
    "version": _("versione"),
}
"""Italian names of the fields services record; a field not listed shows its own name."""

_DECIMAL: Final = re.compile(r"-?\d+\.\d+")

_SEPARATORS: Final = ("/", "@", " @ ")
"""What may follow an object's code in a longer code: an indicator's figure in a period is
``IND/FY``, ``IND@FY`` or, as the data-entry services write it, ``IND @ FY``."""


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """Filters of the audit list; empty values mean "any". Dates are local and inclusive."""

    object_code: str = ""
    action: str = ""
    user: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_active(self) -> bool:
        return bool(self.object_code or self.action or self.user or self.date_from or self.date_to)


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry as the export writes it: every value already a string."""

    created_at: str
    actor: str
    action: str
    action_label: str
    object_type: str
    object_code: str
    before: str
    after: str
    reason: str


@dataclass(frozen=True, slots=True)
class Change:
    """One field an entry changed, its values before and after as short texts."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class AuditItem:
    """An entry as pages show it: the entry, its action's Italian name, its object's code
    without the administration's prefix, and the fields it changed."""

    entry: AuditEntry
    action_label: str
    object_label: str
    changes: tuple[Change, ...]

    @property
    def has_values(self) -> bool:
        """Whether the entry recorded values at all (else: an action with only a reason)."""
        return self.entry.before is not None or self.entry.after is not None


def audit_action_label(action: str) -> str:
    """The Italian name of ``action`` ("override_set" → "Intervento sul punteggio")."""
    return str(ACTION_LABELS.get(action, action))


def audit_entries_of(*, cycle: Cycle) -> QuerySet[AuditEntry]:
    """Every entry of ``cycle``, unordered: those recorded with the cycle and, among older
    entries recorded without one, those whose object code names the cycle
    (``ente/2024``, ``ente/2024/…``) or names no cycle at all (a bare ``IND @ S1``, which
    therefore shows in every cycle of the administration)."""
    administration_prefix = f"{cycle.administration.code}/"
    qualified = f"{administration_prefix}{cycle.year}"
    without_cycle = Q(cycle__isnull=True) & (
        Q(object_code=qualified)
        | Q(object_code__startswith=f"{qualified}/")
        | ~Q(object_code__startswith=administration_prefix)
    )
    return (
        AuditEntry.objects.filter(administration_id=cycle.administration_id)
        .filter(Q(cycle=cycle) | without_cycle)
        .select_related("administration")
    )


def audit_entries_for(*, cycle: Cycle, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The entries of ``cycle`` (``audit_entries_of``) that pass ``filters``, newest first.

    ``object_code`` and ``user`` match any part, case-insensitively (``user`` against the
    recorded author's name and the account's user name); ``action`` matches exactly; the dates
    bound the entry's local day, both included.
    """
    entries = audit_entries_of(cycle=cycle)
    if filters.object_code:
        entries = entries.filter(object_code__icontains=filters.object_code)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.user:
        entries = entries.filter(
            Q(actor_label__icontains=filters.user) | Q(actor__username__iexact=filters.user)
        )
    if filters.date_from is not None:
        entries = entries.filter(created_at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        entries = entries.filter(created_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_actions_for(*, cycle: Cycle) -> list[tuple[str, str]]:
    """The actions recorded in ``cycle``, each with its Italian name, by name."""
    actions = audit_entries_of(cycle=cycle).order_by().values_list("action", flat=True).distinct()
    return sorted(((action, audit_action_label(action)) for action in actions), key=lambda a: a[1])


def audit_history_for(*, cycle: Cycle, codes: Sequence[str], limit: int = 100) -> list[AuditItem]:
    """The latest ``limit`` entries of ``cycle`` about the objects ``codes``.

    An entry is about ``code`` when its object code is ``code`` qualified by the cycle
    (``ente/2024/code``, the form services write) or bare, or either followed by ``/``, ``@``
    or `` @ `` and more (a figure of an indicator in a period: ``ente/2024/code/FY``,
    ``code @ FY``). Entries come from ``audit_entries_of``: recorded with the cycle, or older
    ones without a cycle that the code does not place in another year.
    """
    if not codes:
        return []
    prefix = f"{cycle.administration.code}/{cycle.year}/"
    condition = Q()
    for code in codes:
        for qualified in (code, f"{prefix}{code}"):
            condition |= Q(object_code=qualified)
            for separator in _SEPARATORS:
                condition |= Q(object_code__startswith=f"{qualified}{separator}")
    entries = audit_entries_of(cycle=cycle).filter(condition)
    return audit_items(entries.order_by("-created_at", "-id")[:limit])


def audit_items(entries: Iterable[AuditEntry]) -> list[AuditItem]:
    """``entries`` ready to show: action names in Italian and the changed fields."""
    items = []
    for entry in entries:
        code = entry.object_code
        if entry.administration is not None:
            code = code.removeprefix(f"{entry.administration.code}/")
        items.append(AuditItem(entry, audit_action_label(entry.action), code, audit_changes(entry)))
    return items


def audit_rows(entries: Iterable[AuditEntry]) -> Iterator[AuditRow]:
    """``entries`` as export rows: local date and time, JSON values, Italian action names."""
    for entry in entries:
        yield AuditRow(
            created_at=timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M:%S"),
            actor=entry.actor_label,
            action=entry.action,
            action_label=audit_action_label(entry.action),
            object_type=entry.object_type,
            object_code=entry.object_code,
            before=_json(entry.before),
            after=_json(entry.after),
            reason=entry.reason,
        )


def _json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_changes(entry: AuditEntry) -> tuple[Change, ...]:
    """The fields an entry changed, before and after, for a readable history.

    Only top-level keys of dictionaries; other values, and nested ones, show as compact JSON
    cut at 160 characters. An entry without values before or after changes nothing.
    """
    before = entry.before if isinstance(entry.before, dict) else None
    after = entry.after if isinstance(entry.after, dict) else None
    if before is None and after is None:
        if entry.before is None and entry.after is None:
            return ()
        return (Change("", _short(entry.before), _short(entry.after)),)
    old_values, new_values = before or {}, after or {}
    keys = [*old_values, *(key for key in new_values if key not in old_values)]
    return tuple(
        Change(
            str(FIELD_LABELS.get(str(key), key)),
            _short(old_values.get(key)),
            _short(new_values.get(key)),
        )
        for key in keys
        if old_values.get(key) != new_values.get(key)
    )


def _short(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("sì") if value else _("no"))
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return value.replace(".", ",")  # a stored percent or figure, the Italian way
    text = value if isinstance(value, str) else _json(value)
    return text if len(text) <= 160 else f"{text[:159]}…"
