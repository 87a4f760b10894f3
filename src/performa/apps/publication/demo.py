"""The demo's public face: its 2024 plan adopted and published, so that the transparency pages
and open data show something. The cycle stays open for data entry (not validated)."""

from __future__ import annotations

from datetime import date

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import actor_for
from performa.apps.administrations.models import Membership, Role
from performa.apps.cycles.models import Cycle
from performa.apps.plans.versions import plan_version_adopt, plan_version_last_recorded
from performa.apps.publication.models import Publication, PublicationKind
from performa.apps.publication.selectors import publication_current_of
from performa.apps.publication.services import publication_publish


def publication_demo_publish(*, cycle: Cycle) -> Publication:
    """Adopt the demo plan (by its act in the workbook, dated 31 January) unless it already
    is, and publish it unless a plan is already published; idempotent."""
    demo_accounts_ensure(administration=cycle.administration)
    office = (
        Membership.objects.select_related("user")
        .filter(administration=cycle.administration, role=Role.OFFICE)
        .order_by("pk")
        .first()
    )
    if office is None:  # demo_accounts_ensure creates one: a failure here is a bug
        raise RuntimeError("the demo administration has no planning and control office")
    actor = actor_for(office.user, cycle.administration.code)
    if plan_version_last_recorded(cycle=cycle) is None:
        plan_version_adopt(
            actor=actor,
            cycle=cycle,
            act_reference=cycle.plan_act or f"Piano della performance {cycle.year}",
            act_on=date(cycle.year, 1, 31),
        )
    current = publication_current_of(cycle=cycle, kind=PublicationKind.PLAN)
    if current is not None:
        return current
    return publication_publish(actor=actor, cycle=cycle, kind=PublicationKind.PLAN)
