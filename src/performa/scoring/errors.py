"""The scoring core's exceptions. Standard library only.

    ScoringError                 anything the scoring core refuses
    ├── RuleSetError             a rule set setting is missing, unknown or out of range
    ├── TargetError              a target cannot be scored (wrong kind of value, bad bounds)
    ├── PlanError                the tree is inconsistent (unknown indicator, cycle, bad weight)
    └── UnknownCodeError         no node or indicator has the code asked for (also a KeyError)

Every error may carry a ``location``: the node or indicator code, or the setting key, at fault.
"""

__all__ = ["PlanError", "RuleSetError", "ScoringError", "TargetError", "UnknownCodeError"]


class ScoringError(Exception):
    """Base class of every error raised by ``performa.scoring``."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return self.message


class RuleSetError(ScoringError):
    """A rule set setting is missing, unknown or out of range."""


class TargetError(ScoringError):
    """A target cannot be scored against the value given."""


class PlanError(ScoringError):
    """The plan is inconsistent: unknown indicator code, negative weight, duplicate code."""


class UnknownCodeError(ScoringError, KeyError):
    """No node or indicator of a scored plan has the code asked for.

    A ``KeyError`` too, so ``except KeyError`` callers keep working; unlike a bare ``KeyError``
    its text is the plain message, not a quoted repr.
    """
