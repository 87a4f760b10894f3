"""Formula indicators: an indicator's actual value computed from named base measures.

A hand-written tokenizer and recursive-descent parser with fixed limits; user text never
reaches ``eval``, ``exec`` or ``compile``. Arithmetic is ``Decimal`` in a bounded context.
Standard library only: no Django, no file formats.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Final

from performa.scoring.errors import FormulaError

__all__ = [
    "FORMULA_CONTEXT",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_FORMULA_LENGTH",
    "MAX_NUMBER_DIGITS",
    "MAX_ROUND_DIGITS",
    "MAX_TEXT_LENGTH",
    "MAX_TOKENS",
    "Call",
    "Expression",
    "Formula",
    "FormulaResult",
    "Name",
    "Number",
    "Operation",
    "Unary",
    "parse_formula",
]

MAX_FORMULA_LENGTH: Final = 1000
"""Characters a formula may have, whitespace not counted."""
MAX_TEXT_LENGTH: Final = 4 * MAX_FORMULA_LENGTH
"""Characters a formula may have in all, whitespace included; checked before anything else."""
MAX_TOKENS: Final = 256
"""Numbers, names, operators, parentheses and commas a formula may have."""
MAX_DEPTH: Final = 32
"""How deeply parentheses, function calls and signs may nest."""
MAX_NUMBER_DIGITS: Final = 28
"""Digits a number may have: as many as the context keeps, so every literal is exact."""
MAX_ROUND_DIGITS: Final = 10
"""The most decimals ``round(x, digits)`` may keep."""

FORMULA_CONTEXT: Final = Context(
    prec=28, Emax=27, Emin=-28, traps=[InvalidOperation, DivisionByZero, Overflow]
)
"""The decimal context of every evaluation: 28 digits, and results below 10^28 in size."""

_LIMIT_TEXT: Final = f"10^{FORMULA_CONTEXT.Emax + 1}"
_DIGITS: Final = frozenset("0123456789")
# The typographic signs of pasted text stand for the ASCII operators.
_OPERATORS: Final = {"+": "+", "-": "-", "*": "*", "/": "/", "−": "-", "×": "*", "÷": "/"}
_COMPARISON: Final = "comparisons are not allowed: a formula computes a number"
_REFUSED: Final = {
    "^": "there is no power operator: multiply instead, e.g. x * x",
    "²": "there is no power operator: multiply instead, e.g. x * x",
    "³": "there is no power operator: multiply instead, e.g. x * x * x",
    "%": "'%' is not an operator: multiply by 100 for a percentage, e.g. a / b * 100",
    "<": _COMPARISON,
    ">": _COMPARISON,
    "!": _COMPARISON,
    "'": "text in quotes is not allowed: a formula holds numbers and base measure names",
    '"': "text in quotes is not allowed: a formula holds numbers and base measure names",
    "[": "'[' is not allowed: there is no indexing; group with '(' and ')'",
    "]": "']' is not allowed: there is no indexing; group with '(' and ')'",
    "{": "'{' is not allowed: group with '(' and ')'",
    "}": "'}' is not allowed: group with '(' and ')'",
    ".": "'.' is only the decimal point of a number: names cannot contain '.', "
    "and there is no attribute access",
    ";": "';' is not allowed: separate function arguments with ','",
}


@dataclass(frozen=True, slots=True)
class _Function:
    minimum: int
    maximum: int | None
    usage: str


_FUNCTIONS: Final = {
    "abs": _Function(1, 1, "abs(x)"),
    "max": _Function(2, None, "max(a, b, ...)"),
    "min": _Function(2, None, "min(a, b, ...)"),
    "round": _Function(2, 2, "round(x, digits)"),
}
FUNCTIONS: Final = frozenset(_FUNCTIONS)
"""The function names; they cannot name a base measure."""


# -- the syntax tree -----------------------------------------------------------------------
# Positions index the text the formula was parsed from; they take no part in equality, so
# a formula and its canonical text parse to equal trees.


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in the formula."""

    value: Decimal
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Name:
    """A base measure, by name (NFC-normalised)."""

    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    """A sign: ``-x`` or ``+x``."""

    operator: str
    operand: Expression
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Operation:
    """Operators of one precedence applied left to right: ``a - b + c`` or ``a / b * c``.

    A chain rather than nested pairs, so a long sum does not make a deep tree.
    ``positions`` are those of the operators.
    """

    operands: tuple[Expression, ...]
    operators: tuple[str, ...]
    positions: tuple[int, ...] = field(default=(), compare=False)

    @property
    def is_sum(self) -> bool:
        return self.operators[0] in "+-"


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of ``FUNCTIONS``."""

    function: str
    arguments: tuple[Expression, ...]
    position: int = field(default=0, compare=False)


Expression = Number | Name | Unary | Operation | Call


# -- formulas ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: ``text`` as written and ``expression``, its syntax tree.

    Immutable and hashable. Two formulas are equal when their trees are, however they were
    spaced or parenthesised; ``str()`` gives the canonical text, which parses back to an equal
    formula. Build one with ``parse_formula``.
    """

    text: str = field(compare=False)
    expression: Expression = field(repr=False)

    def __str__(self) -> str:
        return _render(self.expression, _name_as_is, _literal)

    @property
    def names(self) -> frozenset[str]:
        """The base measures the formula reads."""
        return frozenset(self.names_in_order)

    @property
    def names_in_order(self) -> tuple[str, ...]:
        """The base measures the formula reads, each once, in order of first appearance."""
        return tuple(name for name, _ in self._first_occurrences())

    def check(self, known: Collection[str]) -> None:
        """Raise ``FormulaError`` listing every name not in ``known``, with its column.

        For validating a formula when it is saved, against the administration's base measures.
        """
        known_names = {unicodedata.normalize("NFC", name) for name in known}
        unknown = [item for item in self._first_occurrences() if item[0] not in known_names]
        if unknown:
            raise self._names_error("unknown base measure", unknown)

    def evaluate(self, values: Mapping[str, Decimal | int | None]) -> Decimal:
        """The formula's value for ``values`` (base measure name → ``Decimal``), unrounded.

        Raises ``FormulaError`` when a base measure has no value (missing or ``None``) or a
        value that is not a finite ``Decimal`` or ``int``, on division by zero (naming the
        divisor), and when a result reaches 10^28. Computes in ``FORMULA_CONTEXT``, whatever
        the caller's context; ``round`` rounds half up. Source: DOMAIN.md §2.9 (an indicator's
        formula, numerator/denominator), "Decisions already taken" (unrounded values).
        """
        return self.explain(values).value

    def explain(self, values: Mapping[str, Decimal | int | None]) -> FormulaResult:
        """Like ``evaluate``, with the inputs used, to show how the value was reached."""
        with localcontext(FORMULA_CONTEXT):
            inputs = self._inputs(values)
            value = _Evaluator(self.text, inputs).run(self.expression)
        return FormulaResult(self, value, tuple(inputs.items()))

    def _first_occurrences(self) -> list[tuple[str, int]]:
        seen: dict[str, int] = {}
        for node in _walk(self.expression):
            if isinstance(node, Name) and node.name not in seen:
                seen[node.name] = node.position
        return list(seen.items())

    def _inputs(self, values: Mapping[str, Decimal | int | None]) -> dict[str, Decimal]:
        inputs: dict[str, Decimal] = {}
        missing: list[tuple[str, int]] = []
        normalised: dict[str, object] | None = None
        for name, position in self._first_occurrences():
            value: object = values.get(name)
            if value is None and name not in values:
                # Keys typed in another Unicode normal form still name the same measure.
                if normalised is None:
                    normalised = {
                        unicodedata.normalize("NFC", key): item for key, item in values.items()
                    }
                value = normalised.get(name)
            if value is None:
                missing.append((name, position))
                continue
            inputs[name] = self._input(name, position, value)
        if missing:
            raise self._names_error("no value for base measure", missing)
        return inputs

    def _input(self, name: str, position: int, value: object) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise FormulaError(
                f"the value of {name} must be a Decimal, not {type(value).__name__}",
                text=self.text,
                position=position,
                names=(name,),
            )
        number = Decimal(value)
        if not number.is_finite():
            raise FormulaError(
                f"the value of {name} is not a finite number: {number}",
                text=self.text,
                position=position,
                names=(name,),
            )
        try:
            return +number  # rounds to the context's 28 digits, and traps a value too large
        except Overflow:
            raise FormulaError(
                f"the value of {name} is too large: values must stay below {_LIMIT_TEXT}",
                text=self.text,
                position=position,
                names=(name,),
            ) from None

    def _names_error(self, what: str, items: list[tuple[str, int]]) -> FormulaError:
        plural = "s" if len(items) > 1 else ""
        listed = ", ".join(f"{name} (column {position + 1})" for name, position in items)
        return FormulaError(
            f"{what}{plural}: {listed}",
            text=self.text,
            position=items[0][1],
            names=tuple(name for name, _ in items),
        )


@dataclass(frozen=True, slots=True)
class FormulaResult:
    """A formula's value and the inputs it used, in order of first appearance.

    ``as_text()`` reads "pagate_30gg / totali * 100 = 930 / 1000 * 100 = 93". Numbers are
    plain dot decimals; ``substituted`` takes a number formatter for a localised display.
    """

    formula: Formula
    value: Decimal
    inputs: tuple[tuple[str, Decimal], ...]

    def substituted(self, number_format: Callable[[Decimal], str] | None = None) -> str:
        """The canonical text with each base measure replaced by its value.

        ``number_format`` formats every number, literals included; by default inputs show as
        entered ("3.00") and literals as in the canonical text. Negative values are put in
        parentheses.
        """
        show = number_format or _as_entered
        values = dict(self.inputs)

        def value_of(name: str) -> str:
            value = values[name]
            return f"({show(value)})" if value < 0 else show(value)

        return _render(self.formula.expression, value_of, number_format or _literal)

    def as_text(self) -> str:
        """Formula, substituted values and result: "a / b * 100 = 930 / 1000 * 100 = 93".

        The result shows up to six decimals, "…" marking a cut.
        """
        steps = [str(self.formula)]
        if self.inputs:
            steps.append(self.substituted())
        steps.append(_plain(self.value))
        return " = ".join(steps)


def parse_formula(text: str) -> Formula:
    """Parse ``text`` into a ``Formula``, or raise ``FormulaError`` at the first fault.

    Grammar: numbers with ``.`` decimals; base measure names (a letter or ``_``, then letters,
    digits or ``_``; Unicode letters allowed; case-sensitive); ``+ - * /`` with the usual
    precedence, left to right; signs; parentheses; ``abs``, ``min``, ``max``, ``round``.
    Limits: ``MAX_TEXT_LENGTH`` and ``MAX_FORMULA_LENGTH`` characters, ``MAX_TOKENS`` tokens,
    ``MAX_DEPTH`` levels of nesting, ``MAX_NUMBER_DIGITS`` digits per number.
    Source: DOMAIN.md §2.9 (an indicator's formula: numerator/denominator of base measures).
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise FormulaError(
            f"the formula is longer than {MAX_TEXT_LENGTH} characters",
            text=text,
            position=MAX_TEXT_LENGTH,
        )
    _check_length(text)
    if not text or text.isspace():
        raise FormulaError("the formula is empty", text=text, position=0)
    return Formula(text, _Parser(text, _tokenize(text)).parse())


def _check_length(text: str) -> None:
    counted = 0
    for position, char in enumerate(text):
        if not char.isspace():
            counted += 1
            if counted > MAX_FORMULA_LENGTH:
                raise FormulaError(
                    f"the formula is longer than {MAX_FORMULA_LENGTH} characters, "
                    "spaces not counted",
                    text=text,
                    position=position,
                )


# -- tokens --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "name", "operator", "(", ")", ",", "end"
    text: str
    position: int
    end: int

    def describe(self) -> str:
        if self.kind == "number":
            return f"the number {self.text}"
        if self.kind == "name":
            return f"the name {self.text}"
        if self.kind == "end":
            return "the end of the formula"
        return f"'{self.text}'"


def _is_name_start(char: str) -> bool:
    return char == "_" or char.isidentifier()


def _is_name_part(char: str) -> bool:
    return ("_" + char).isidentifier()


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if len(tokens) == MAX_TOKENS:
            raise FormulaError(
                f"the formula has more than {MAX_TOKENS} numbers, names, operators and parentheses",
                text=text,
                position=position,
            )
        if char in _DIGITS:
            token = _number(text, position)
        elif _is_name_start(char):
            end = position + 1
            while end < len(text) and _is_name_part(text[end]):
                end += 1
            name = unicodedata.normalize("NFC", text[position:end])
            token = _Token("name", name, position, end)
        elif char in _OPERATORS:
            if text.startswith("**", position):
                raise FormulaError(_REFUSED["^"], text=text, position=position)
            token = _Token("operator", _OPERATORS[char], position, position + 1)
        elif char in "(),":
            if char == "," and _is_decimal_comma(text, position, tokens):
                raise FormulaError(
                    "use '.' as the decimal separator (write 12.5, not 12,5); "
                    "between arguments put a space after the comma: min(1, 5)",
                    text=text,
                    position=position,
                )
            token = _Token(char, char, position, position + 1)
        else:
            raise FormulaError(_refused(text, position), text=text, position=position)
        tokens.append(token)
        position = token.end
    tokens.append(_Token("end", "", len(text), len(text)))
    return tokens


def _number(text: str, start: int) -> _Token:
    position = start
    while position < len(text) and text[position] in _DIGITS:
        position += 1
    if position < len(text) and text[position] == ".":
        position += 1
        if position == len(text) or text[position] not in _DIGITS:
            raise FormulaError(
                "a digit must follow the decimal point", text=text, position=position - 1
            )
        while position < len(text) and text[position] in _DIGITS:
            position += 1
        if position < len(text) and text[position] == ".":
            raise FormulaError(
                "a number has one decimal point: write thousands without separators "
                "(1000000, not 1.000.000)",
                text=text,
                position=position,
            )
    literal = text[start:position]
    if sum(char in _DIGITS for char in literal) > MAX_NUMBER_DIGITS:
        raise FormulaError(
            f"a number may have at most {MAX_NUMBER_DIGITS} digits", text=text, position=start
        )
    if position < len(text) and _is_name_part(text[position]):
        following = text[position]
        if following == "_":
            message = "write numbers without '_' or other separators"
        else:
            message = (
                f"unexpected {following!r} right after the number {literal}: "
                f"put an operator between them, e.g. {literal} * {following}"
            )
        raise FormulaError(message, text=text, position=position)
    return _Token("number", literal, start, position)


def _is_decimal_comma(text: str, position: int, tokens: list[_Token]) -> bool:
    # "12,5": a comma right after a number and right before a digit. A name ending in a
    # digit ("min(fte2023,5)") is not a number, so that comma separates arguments.
    after_number = bool(tokens) and tokens[-1].kind == "number" and tokens[-1].end == position
    return after_number and position + 1 < len(text) and text[position + 1] in _DIGITS


def _refused(text: str, position: int) -> str:
    char = text[position]
    if char == "=":
        if text.startswith("==", position):
            return _COMPARISON
        return "'=' is not allowed: write only the right-hand side, e.g. a / b * 100"
    is_after_name = position > 0 and _is_name_part(text[position - 1])
    if char == "." and not is_after_name and text[position + 1 : position + 2] in _DIGITS:
        return "write a digit before the decimal point, e.g. 0.5"
    return _REFUSED.get(char, f"unexpected character {char!r}")


# -- the parser ----------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens; nesting is counted, so recursion stays shallow.

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("+" | "-") unary | primary
    primary := NUMBER | NAME | NAME "(" sum ("," sum)* ")" | "(" sum ")"
    """

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def parse(self) -> Expression:
        expression = self._sum()
        token = self._peek()
        if token.kind == ")":
            raise self._error("')' has no matching '('", token)
        if token.kind != "end":
            raise self._missing_operator(token)
        return expression

    def _peek(self) -> _Token:
        return self.tokens[self.index]

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def _error(self, message: str, token: _Token) -> FormulaError:
        return FormulaError(message, text=self.text, position=token.position)

    def _missing_operator(self, token: _Token) -> FormulaError:
        """The error for ``token`` (a name, a number, "(" or ",") right after an operand."""
        if token.kind == ",":
            return self._error("',' only separates the arguments of a function: min(a, b)", token)
        if token.kind == "name":
            return self._error(
                f"missing operator before {token.describe()}: names cannot contain spaces "
                "(use '_'), and a product needs '*'",
                token,
            )
        return self._error(
            f"missing operator before {token.describe()}: a product needs '*'", token
        )

    def _enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(
                f"the formula nests parentheses, functions and signs more than "
                f"{MAX_DEPTH} levels deep",
                token,
            )

    def _sum(self) -> Expression:
        return self._chain("+-", self._product)

    def _product(self) -> Expression:
        return self._chain("*/", self._unary)

    def _chain(self, operators: str, operand: Callable[[], Expression]) -> Expression:
        operands = [operand()]
        found: list[str] = []
        positions: list[int] = []
        while (token := self._peek()).kind == "operator" and token.text in operators:
            self._next()
            found.append(token.text)
            positions.append(token.position)
            operands.append(operand())
        if not found:
            return operands[0]
        first = operands[0]
        if isinstance(first, Operation) and first.is_sum == (operators == "+-"):
            # "(a - b) + c" is "a - b + c": the same steps in the same order, so one tree.
            operands[:1] = first.operands
            found[:0] = first.operators
            positions[:0] = first.positions
        return Operation(tuple(operands), tuple(found), tuple(positions))

    def _unary(self) -> Expression:
        token = self._peek()
        if token.kind == "operator" and token.text in "+-":
            self._next()
            self._enter(token)
            operand = self._unary()
            self.depth -= 1
            return Unary(token.text, operand, token.position)
        return self._primary()

    def _primary(self) -> Expression:
        token = self._next()
        if token.kind == "number":
            return Number(Decimal(token.text), token.position)
        if token.kind == "name":
            if self._peek().kind == "(":
                return self._call(token)
            if token.text in _FUNCTIONS:
                usage = _FUNCTIONS[token.text].usage
                raise self._error(f"{token.text} is a function: write {usage}", token)
            return Name(token.text, token.position)
        if token.kind == "(":
            self._enter(token)
            expression = self._sum()
            self._close("(", token)
            self.depth -= 1
            return expression
        raise self._error(f"expected a number, a name or '(', found {token.describe()}", token)

    def _close(self, opening: str, at: _Token) -> None:
        token = self._next()
        if token.kind == "end":
            raise self._error(f"'{opening}' is never closed", at)
        if token.kind != ")":
            raise self._missing_operator(token)

    def _call(self, name: _Token) -> Call:
        function = _FUNCTIONS.get(name.text)
        if function is None:
            hint = f": did you mean {name.text.lower()}?" if name.text.lower() in _FUNCTIONS else ""
            known = ", ".join(sorted(_FUNCTIONS))
            raise self._error(
                f"unknown function {name.text}{hint} (the functions are {known})", name
            )
        self._enter(name)
        self._next()  # the "(" seen by _primary
        arguments = [] if self._peek().kind == ")" else [self._sum()]
        while self._peek().kind == ",":
            self._next()
            arguments.append(self._sum())
        self._close(f"{name.text}(", name)
        self.depth -= 1
        count = len(arguments)
        if count < function.minimum or (function.maximum is not None and count > function.maximum):
            if function.maximum == function.minimum:
                wanted = f"{function.minimum} argument{'s' if function.minimum > 1 else ''}"
            else:
                wanted = f"at least {function.minimum} arguments"
            raise self._error(
                f"{name.text} takes {wanted}, got {count}: write {function.usage}", name
            )
        if name.text == "round":
            self._check_round_digits(arguments[1])
        return Call(name.text, tuple(arguments), name.position)

    def _check_round_digits(self, digits: Expression) -> None:
        if not (
            isinstance(digits, Number)
            and digits.value == digits.value.to_integral_value()
            and digits.value <= MAX_ROUND_DIGITS
        ):
            raise FormulaError(
                f"the digits of round(x, digits) must be a whole number from 0 to "
                f"{MAX_ROUND_DIGITS}, written as a number",
                text=self.text,
                position=_start(digits),
            )


# -- evaluation ----------------------------------------------------------------------------


class _Evaluator:
    """Evaluates a tree in the current (formula) context; the tree is at most MAX_DEPTH deep."""

    def __init__(self, text: str, inputs: Mapping[str, Decimal]) -> None:
        self.text = text
        self.inputs = inputs

    def run(self, expression: Expression) -> Decimal:
        if isinstance(expression, Number):
            return expression.value
        if isinstance(expression, Name):
            return self.inputs[expression.name]
        if isinstance(expression, Unary):
            operand = self.run(expression.operand)
            return -operand if expression.operator == "-" else +operand
        if isinstance(expression, Operation):
            return self._operation(expression)
        return self._call(expression)

    def _operation(self, operation: Operation) -> Decimal:
        result = self.run(operation.operands[0])
        steps = zip(operation.operators, operation.operands[1:], operation.positions, strict=True)
        for operator, operand, position in steps:
            right = self.run(operand)
            if operator == "/" and right == 0:
                raise FormulaError(
                    f"division by zero: {_divisor_text(operand)} is 0",
                    text=self.text,
                    position=position,
                    names=tuple(_names(operand)),
                )
            try:
                result = _apply(operator, result, right)
            except Overflow:
                raise FormulaError(
                    f"{_plain(result)} {operator} {_plain(right)} is too large: results must "
                    f"stay below {_LIMIT_TEXT}",
                    text=self.text,
                    position=position,
                ) from None
        return result

    def _call(self, call: Call) -> Decimal:
        arguments = [self.run(argument) for argument in call.arguments]
        if call.function == "abs":
            return abs(arguments[0])
        if call.function == "round":
            value, digits = arguments
            try:
                return value.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
            except InvalidOperation:
                raise FormulaError(
                    f"round: {_plain(value)} has too many digits to keep {digits} decimals "
                    f"(at most {FORMULA_CONTEXT.prec} digits in all)",
                    text=self.text,
                    position=call.position,
                ) from None
        return min(arguments) if call.function == "min" else max(arguments)


def _apply(operator: str, left: Decimal, right: Decimal) -> Decimal:
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    return left / right


def _divisor_text(divisor: Expression) -> str:
    if isinstance(divisor, Number):
        return "the divisor"
    return _render(divisor, _name_as_is, _literal)


# -- walking and rendering -----------------------------------------------------------------


def _children(expression: Expression) -> tuple[Expression, ...]:
    if isinstance(expression, Unary):
        return (expression.operand,)
    if isinstance(expression, Operation):
        return expression.operands
    if isinstance(expression, Call):
        return expression.arguments
    return ()


def _start(expression: Expression) -> int:
    """Where ``expression`` starts in the text (inside any parentheses around it)."""
    while isinstance(expression, Operation):
        expression = expression.operands[0]
    return expression.position


def _walk(expression: Expression) -> Iterator[Expression]:
    """Every node, in the order of the text (pre-order, left to right)."""
    stack = [expression]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(_children(node)))


def _names(expression: Expression) -> Iterator[str]:
    seen: set[str] = set()
    for node in _walk(expression):
        if isinstance(node, Name) and node.name not in seen:
            seen.add(node.name)
            yield node.name


def _render(
    expression: Expression,
    name_text: Callable[[str], str],
    number_text: Callable[[Decimal], str],
) -> str:
    """The text of ``expression`` with minimal parentheses: spaces around operators, ", "."""

    def render(node: Expression) -> str:
        if isinstance(node, Number):
            return number_text(node.value)
        if isinstance(node, Name):
            return name_text(node.name)
        if isinstance(node, Call):
            return f"{node.function}({', '.join(render(item) for item in node.arguments)})"
        if isinstance(node, Unary):
            inner = render(node.operand)
            if isinstance(node.operand, Unary):
                # "- -a", not "-(-a)": parentheses would nest one level deeper than written.
                return f"{node.operator} {inner}"
            if isinstance(node.operand, Operation):
                return f"{node.operator}({inner})"
            return f"{node.operator}{inner}"
        parts = [grouped(node, node.operands[0])]
        for operator, operand in zip(node.operators, node.operands[1:], strict=True):
            parts.append(f"{operator} {grouped(node, operand)}")
        return " ".join(parts)

    def grouped(parent: Operation, operand: Expression) -> str:
        # Only a chain of the same or a lower precedence needs its parentheses back.
        needs = isinstance(operand, Operation) and (operand.is_sum or not parent.is_sum)
        return f"({render(operand)})" if needs else render(operand)

    return render(expression)


def _name_as_is(name: str) -> str:
    return name


def _literal(number: Decimal) -> str:
    """A literal in canonical form: "1.50" → "1.5", "007" → "7"; never an exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _as_entered(number: Decimal) -> str:
    return format(number, "f")  # an input as entered: "3.00" stays "3.00"


def _plain(number: Decimal) -> str:
    """Plain dot decimals, no exponent; more than six decimals are cut and marked "…"."""
    whole, _, decimals = format(number, "f").partition(".")
    decimals = decimals.rstrip("0")
    if len(decimals) > 6:
        return f"{whole}.{decimals[:6]}…"
    return f"{whole}.{decimals}" if decimals else whole
