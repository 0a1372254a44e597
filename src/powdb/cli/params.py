"""Option and argument types that read like a manual and fail in plain words.

Typer parses ``int``, ``float`` and enum options through pydantic: a bad value was reported as
"Value error, 'xml' is not one of ...", ``--help`` showed ``<int range>`` and ``<list[str]>``,
and an id of 2**63 went on to the database, which cannot hold it (an OverflowError and no
output). The parsers here bound every whole number, refuse figures a claim cannot hold, and say
what is wrong in one sentence, which the command line prints as
``Error: Invalid value for '--limit': ...`` with exit code 2. Every option that takes a value
names it with a metavar (ID, N, PATH, FORMAT), and :class:`Command` shows arguments the same
way instead of by their Python type.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand

from powdb.limits import MAX_FIGURE, MAX_ID

E = TypeVar("E", bound=Enum)

#: The most worker processes ``ingest --jobs`` starts.
MAX_JOBS = 64
_WHOLE = re.compile(r"[+-]?[0-9]+")
#: Digits beyond which a whole number is out of every range here, without converting it
#: (Python refuses to convert more than 4,300 digits at all).
_MAX_DIGITS = 30


def _shown(value: object) -> str:
    """A value as the user typed it, quoted, control characters escaped, long ones cut."""
    text = str(value)
    if len(text) > 40:
        text = f"{text[:24]}…{text[-8:]} ({len(text):,} characters)"
    return repr(text)


def whole_number(low: int, high: int) -> Callable[[Any], int]:
    """A parser for a whole number from ``low`` to ``high``."""

    def parse(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value  # a default, not typed by the user
        else:
            text = str(value).strip()
            if not _WHOLE.fullmatch(text):
                raise typer.BadParameter(f"{_shown(value)} is not a whole number.")
            digits = text.lstrip("+-").lstrip("0")
            number = int(text) if len(digits) <= _MAX_DIGITS else (high + 1)
        if not low <= number <= high:
            raise typer.BadParameter(
                f"{_shown(value)} is out of range: give a whole number from {low:,} to {high:,}."
            )
        return number

    return parse


#: Ids of sources, claims and subjects.
parse_id = whole_number(1, MAX_ID)
#: ``--limit`` and other counts of rows.
parse_count = whole_number(1, MAX_ID)
parse_jobs = whole_number(1, MAX_JOBS)


def parse_number(value: Any) -> float:
    """A finite number, for filters such as ``--min`` and ``--max``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise typer.BadParameter(f"{_shown(value)} is not a number.") from None
    if math.isnan(number) or (math.isinf(number) and "inf" in str(value).lower()):
        raise typer.BadParameter(f"{_shown(value)} is not a finite number.")
    if math.isinf(number):  # 1e400: float() rounds it to infinity
        raise typer.BadParameter(f"{_shown(value)} is too large to be read as a number.")
    return number


def parse_figure(value: Any) -> float:
    """A figure a claim can hold: finite, and no larger in size than MAX_FIGURE."""
    number = parse_number(value)
    if abs(number) > MAX_FIGURE:
        raise typer.BadParameter(
            f"{_shown(value)} is too large: a claim's figure is at most {MAX_FIGURE:,} in size."
        )
    return number


def choice(options: type[E]) -> Callable[[Any], E]:
    """A parser for one of an enum's values, in any case ("JSON" is json)."""

    def parse(value: Any) -> E:
        if isinstance(value, options):
            return value
        try:
            return options(str(value).strip().lower())
        except ValueError:
            names = ", ".join(str(option.value) for option in options)
            raise typer.BadParameter(f"{_shown(value)} is not one of {names}.") from None

    return parse


def choice_metavar(options: type[Enum]) -> str:
    """How --help shows an option that takes one of an enum's values: [table|json|csv]."""
    return "[" + "|".join(str(option.value) for option in options) + "]"


class Command(TyperCommand):
    """A command whose usage line and help show arguments by name (``PATH...``), the way
    Click and man pages do, rather than ``{paths}...`` and ``<list[str]>``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_usage(param))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                if not getattr(param, "hidden", False):
                    arguments.append((_argument_name(param), getattr(param, "help", "") or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append(record)
        _section(formatter, "Arguments", arguments)
        _section(formatter, "Options", options)


def _argument_name(param: Any) -> str:
    name = str(param.metavar or param.name.upper())
    return name + ("..." if param.nargs != 1 else "")


def _argument_usage(param: Any) -> str:
    name = str(param.metavar or param.name.upper())
    name = name if param.required else f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _section(formatter: Any, title: str, rows: Sequence[tuple[str, str]]) -> None:
    if rows:
        with formatter.section(title):
            formatter.write_dl(rows)
