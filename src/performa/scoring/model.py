"""The plan as the scoring core sees it: indicators, targets, measurements and the tree.

Frozen value objects only. Standard library only: no Django, no file formats.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "ENTITY_LEVEL",
    "ActualValue",
    "Comparator",
    "Indicator",
    "Link",
    "Measurement",
    "Node",
    "Override",
    "Plan",
    "Target",
]

ENTITY_LEVEL = "entity"
"""Level key of the tree's root, the administration as a whole (ente)."""

ActualValue = Decimal | date | bool
"""A measured value: a number, a completion date (deadline targets) or a yes/no answer."""


class Comparator(StrEnum):
    """How an actual value is compared with its target (the reference report's syntax)."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    EQUAL = "="
    BETWEEN = "between"
    DEADLINE = "entro"
    YES_NO = "si/no"

    @property
    def is_numeric(self) -> bool:
        """Whether the actual value is a number (not a completion date or a yes/no answer)."""
        return self not in (Comparator.DEADLINE, Comparator.YES_NO)


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator's expected value.

    - numeric comparators use ``value`` (and ``upper`` for ``BETWEEN``, where ``value`` is the
      lower bound);
    - ``DEADLINE`` uses ``due_on`` ("Entro 31/01/2024");
    - ``YES_NO`` uses ``expected`` (the answer that meets the target, normally ``True``).
    """

    comparator: Comparator
    value: Decimal | None = None
    upper: Decimal | None = None
    due_on: date | None = None
    expected: bool | None = None


@dataclass(frozen=True, slots=True)
class Measurement:
    """An actual value for one indicator in one monitoring period; ``value=None`` means N/D."""

    value: ActualValue | None
    not_available_reason: str = ""

    @property
    def is_available(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator with its target and, when measured, its actual value (``None``: N/D)."""

    code: str
    name: str
    target: Target
    measurement: Measurement | None = None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """An indicator's membership of one objective, with its planned weight there (percent).

    ``weight=None`` means "no weight given": the objective's indicators then share equally.
    """

    indicator_code: str
    weight: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the performance tree: the entity, an area, an objective at any level.

    ``weight`` is the node's planned weight within its parent (percent, or ``None``).
    A node holds child nodes, indicator links, or both.
    """

    code: str
    name: str
    level: str
    weight: Decimal | None = None
    children: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and its descendants, depth first, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Override:
    """An evaluator's score replacing a computed one ("Intervieni"), with its justification."""

    evaluated_percent: Decimal
    justification: str
    evaluator: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything scoring needs: the tree, the indicators by code, and the overrides.

    ``node_overrides`` are keyed by node code, ``indicator_overrides`` by indicator code.
    """

    root: Node
    indicators: Mapping[str, Indicator]
    node_overrides: Mapping[str, Override] = field(default_factory=dict)
    indicator_overrides: Mapping[str, Override] = field(default_factory=dict)
