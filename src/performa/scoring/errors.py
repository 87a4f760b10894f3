"""The scoring core's exceptions. Standard library only.

    ScoringError                 anything the scoring core refuses
    ├── RuleSetError             a rule set setting is missing, unknown or out of range
    ├── TargetError              a target cannot be scored (wrong kind of value, bad bounds)
    ├── PlanError                the tree is inconsistent (unknown indicator, cycle, bad weight)
    ├── FormulaError             a formula indicator cannot be parsed, checked or evaluated
    ├── UnknownCodeError         no node or indicator has the code asked for (also a KeyError)
    └── AppraisalError           an evaluation scheme or rating is refused (appraisal.py)

Every error may carry a ``location``: the node or indicator code, or the setting key, at fault.
A ``FormulaError`` also carries the formula ``text`` and the 0-based character ``position``.
"""

__all__ = [
    "FormulaError",
    "PlanError",
    "RuleSetError",
    "ScoringError",
    "TargetError",
    "UnknownCodeError",
]

_SHOWN_CHARACTERS = 72


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


class FormulaError(ScoringError):
    """A formula indicator cannot be parsed, checked against the base measures, or evaluated.

    ``position`` is the 0-based character of ``text`` at fault (``column`` counts from 1), and
    ``names`` the base measures at fault (unknown or without a value), if any. ``message`` is
    the plain message for a located display; ``str()`` adds the formula (a window of it when
    long) with a caret under the fault, followed by the column.
    """

    def __init__(
        self,
        message: str,
        *,
        text: str,
        position: int,
        names: tuple[str, ...] = (),
        location: str | None = None,
    ) -> None:
        super().__init__(message, location=location)
        self.text = text
        self.position = position
        self.names = names

    @property
    def column(self) -> int:
        """The 1-based column of ``position``, for people."""
        return self.position + 1

    def __str__(self) -> str:
        # A window around the fault: the text may be thousands of characters long.
        start = max(
            0, min(self.position - _SHOWN_CHARACTERS // 2, len(self.text) - _SHOWN_CHARACTERS)
        )
        end = start + _SHOWN_CHARACTERS
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(self.text) else ""
        # Tabs and newlines would move the caret off its character.
        shown = "".join(" " if char.isspace() else char for char in self.text[start:end])
        caret = " " * (len(prefix) + self.position - start) + "^"
        return f"{self.message}\n    {prefix}{shown}{suffix}\n    {caret} column {self.column}"


class UnknownCodeError(ScoringError, KeyError):
    """No node or indicator of a scored plan has the code asked for.

    A ``KeyError`` too, so ``except KeyError`` callers keep working; unlike a bare ``KeyError``
    its text is the plain message, not a quoted repr.
    """
