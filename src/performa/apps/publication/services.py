"""Writes of publication: publishing and withdrawing snapshots, creating and revoking tokens.

Every write checks ``access.can`` inside its transaction and is audited.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.audit.services import audit_record, audit_record_by
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_frozen_scores, validation_act_for
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.versions import plan_of_version, plan_version_last_recorded
from performa.apps.publication.models import ApiToken, Publication, PublicationKind
from performa.apps.publication.snapshots import (
    ActInfo,
    public_snapshot_of,
    snapshot_digest,
)
from performa.apps.reports.documents import report_render

REPORT_FORMATS = ("pdf", "html")
"""The Relazione's formats kept with a results publication (the PDF, and the accessible HTML)."""

TOKEN_PREFIX = "pfm_"


class PublicationError(Exception):
    """A publication change was refused; ``message`` says why, in Italian.

    PublicationError
    ├── PublicationPermissionError   the role may not publish (views: 403)
    └── PublicationStateError        nothing publishable yet, or nothing to withdraw (400)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PublicationPermissionError(PublicationError):
    """The actor may not publish or manage tokens."""


class PublicationStateError(PublicationError):
    """The cycle is not ready for this publication."""


def publication_files_dir(publication: Publication) -> Path:
    """Where the files rendered at publication time are kept: ``$PERFORMA_HOME/publication/<id>``."""
    return Path(settings.PERFORMA_HOME) / "publication" / str(publication.pk)


def _check(actor: Actor, action: Action, cycle: Cycle | None = None) -> None:
    if not can(actor, action, cycle=cycle):
        raise PublicationPermissionError(_("Il tuo ruolo non consente questa operazione."))


def _plan_act(cycle: Cycle) -> ActInfo | None:
    version = plan_version_last_recorded(cycle=cycle)
    if version is None:
        return None
    return ActInfo(reference=version.act_reference, act_on=version.act_on, number=version.number)


def _snapshot(cycle: Cycle, kind: PublicationKind) -> dict[str, object]:
    """The public snapshot of ``cycle``: the adopted plan, or the validated results."""
    if kind == PublicationKind.PLAN:
        version = plan_version_last_recorded(cycle=cycle)
        if version is None:
            raise PublicationStateError(
                _("Il piano %(year)s non è ancora stato adottato: non si può pubblicare.")
                % {"year": cycle.year}
            )
        # The version's own plan: a revision in progress is a draft and stays private.
        return public_snapshot_of(
            kind=kind, plan=plan_of_version(version=version), plan_act=_plan_act(cycle)
        )
    act = validation_act_for(cycle=cycle)
    frozen = cycle_frozen_scores(cycle)
    if act is None or frozen is None:
        raise PublicationStateError(
            _("I risultati %(year)s non sono ancora validati dall'OIV: non si possono pubblicare.")
            % {"year": cycle.year}
        )
    return public_snapshot_of(
        kind=kind,
        plan=plan_data_for(cycle=cycle),
        plan_act=_plan_act(cycle),
        validation=ActInfo(reference=act.act_reference, act_on=act.act_on, text=act.text),
        scored_root=frozen.root,
        period_code=frozen.period_code,
    )


def _public_changed() -> None:
    from performa.apps.publication.selectors import public_cache_clear

    public_cache_clear()


def publication_publish(*, actor: Actor, cycle: Cycle, kind: PublicationKind) -> Publication:
    """Publish ``cycle``'s adopted plan or validated results as a frozen public snapshot.

    A previous publication of the same kind is withdrawn in the same transaction. For results,
    the Relazione (PDF and HTML) is rendered now and kept with the publication, so that later
    changes never reach the public pages. Office only (``Action.PUBLISH``). Source: D.Lgs.
    33/2013 art. 10 c. 8 lett. b, DOMAIN.md §4.1.
    """
    _check(actor, Action.PUBLISH, cycle)
    snapshot = _snapshot(cycle, kind)
    files = (
        report_render(cycle=cycle, formats=REPORT_FORMATS)
        if kind == PublicationKind.RESULTS
        else []
    )
    snapshot["files"] = {
        name: rendered.name for name, rendered in zip(REPORT_FORMATS, files, strict=False)
    }
    digest = snapshot_digest(snapshot)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
        _check(actor, Action.PUBLISH, cycle)
        now = timezone.now()
        previous = list(
            Publication.objects.select_for_update().filter(
                cycle=cycle, kind=kind, withdrawn_at__isnull=True
            )
        )
        for old in previous:
            old.withdrawn_at, old.withdrawn_by = now, actor.user
            old.save(update_fields=["withdrawn_at", "withdrawn_by"])
        publication = Publication.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            kind=kind,
            snapshot=snapshot,
            digest=digest,
            published_by=actor.user,
        )
        directory = publication_files_dir(publication)
        directory.mkdir(parents=True, exist_ok=True)
        for rendered in files:
            (directory / rendered.name).write_bytes(rendered.content)
        _public_changed()  # this process at once; after the commit again, for requests between
        transaction.on_commit(_public_changed)
        audit_record_by(
            actor,
            cycle=cycle,
            action="publication_publish",
            object_type="publication",
            object_code=f"{cycle.administration.code}/{cycle.year}/{kind}",
            before={"digest": previous[0].digest} if previous else None,
            after={"kind": str(kind), "digest": digest},
        )
    return publication


def publication_withdraw(*, actor: Actor, publication: Publication, reason: str = "") -> None:
    """Take a publication off the public pages (its snapshot stays on record). Office only."""
    with transaction.atomic():
        found = (
            Publication.objects.select_for_update()
            .select_related("cycle__administration")
            .filter(pk=publication.pk)
            .first()
        )
        if found is None or found.withdrawn_at is not None:
            raise PublicationStateError(_("Questa pubblicazione è già stata ritirata."))
        _check(actor, Action.PUBLISH, found.cycle)
        found.withdrawn_at, found.withdrawn_by = timezone.now(), actor.user
        found.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _public_changed()  # this process at once; after the commit again, for requests between
        transaction.on_commit(_public_changed)
        audit_record_by(
            actor,
            cycle=found.cycle,
            action="publication_withdraw",
            object_type="publication",
            object_code=f"{found.cycle.administration.code}/{found.cycle.year}/{found.kind}",
            before={"digest": found.digest},
            after=None,
            reason=reason,
        )
    shutil.rmtree(publication_files_dir(found), ignore_errors=True)


def token_hash(key: str) -> str:
    """What is stored of a key: its SHA-256 (keys are random, so no salt is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token acting as ``actor``'s user in ``actor``'s administration; returns the token
    and its key, which is shown once and never stored. Office only."""
    _check(actor, Action.MANAGE_API_TOKENS)
    name = name.strip()
    if not name:
        raise PublicationStateError(_("Dai un nome al token (per esempio il sistema che lo usa)."))
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            administration=actor.administration,
            user=actor.user,
            name=name[:128],
            prefix=key[:12],
            key_hash=token_hash(key),
            created_by=actor.user,
        )
        audit_record(
            administration=actor.administration,
            actor=actor.user,
            actor_label=actor.user.get_username(),
            action="api_token_create",
            object_type="api_token",
            object_code=token.prefix,
            after={"name": token.name, "user": actor.user.get_username()},
        )
    return token, key


def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    """Revoke ``token`` at once (its key is refused from now on). Office only."""
    _check(actor, Action.MANAGE_API_TOKENS)
    with transaction.atomic():
        found = (
            ApiToken.objects.select_for_update()
            .filter(pk=token.pk, administration=actor.administration)
            .first()
        )
        if found is None or found.revoked_at is not None:
            raise PublicationStateError(_("Questo token è già stato revocato."))
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
        audit_record(
            administration=actor.administration,
            actor=actor.user,
            actor_label=actor.user.get_username(),
            action="api_token_revoke",
            object_type="api_token",
            object_code=found.prefix,
            before={"name": found.name},
        )


def api_token_touch(*, token: ApiToken) -> None:
    """Note the token's use (at most once a minute, to spare writes on busy integrations)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
