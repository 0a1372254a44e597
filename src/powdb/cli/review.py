"""`powdb review`: walk the open conflicts, largest first, and decide each with one key.

Every answer is an ordinary curation action (a verdict, a rejection, a split), recorded in the
history and undone by `powdb undo` like any other. On a terminal a key is read as it is
pressed; from a pipe or a script, one answer per line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from powdb.cli.common import DbOption, UserOption, err, open_database, reports_errors
from powdb.output import figure, printable, source_label

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

ACTIONS = "[v] verdict  [r] reject a claim  [s] split  [n] next  [q] quit"
VERDICT_KEYS = {
    "d": "different scope",
    "c": "correction",
    "o": "note",
    "x": "not comparable",
}
VERDICT_MENU = "[d] different scope  [c] correction  [o] note  [x] not comparable  [b] back"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _key(prompt: str, keys: str) -> str:
    """One key among ``keys``: pressed on a terminal, else the first letter of a line. The
    end of the input is "q"."""
    while True:
        typer.echo(f"{prompt}: ", nl=False)
        if stdin_is_terminal():
            try:
                pressed = typer.getchar()
            except EOFError:  # Ctrl-D
                pressed = ""
            typer.echo(pressed)
            if not pressed:
                return "q"
        else:
            line = sys.stdin.readline()
            if not line:
                typer.echo()
                return "q"
            pressed = line.strip()[:1]
        if len(pressed) == 1 and pressed.lower() in keys:
            return pressed.lower()
        typer.echo(f"Press one of: {', '.join(keys)}.")


def _ask(prompt: str) -> str:
    """A line of text (empty allowed); the end of the input gives an empty answer."""
    typer.echo(f"{prompt}: ", nl=False)
    if stdin_is_terminal():
        try:
            return input().strip()
        except EOFError:  # Ctrl-D
            typer.echo()
            return ""
    line = sys.stdin.readline()
    if not line:
        typer.echo()
    return line.strip()


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.replace(",", " ").split() if part.isdigit()]


def _show(conflict: dict[str, Any], position: int, total: int) -> None:
    spread = f"{conflict['spread']:,.1f}x apart" if conflict["spread"] else "no common ground"
    typer.echo("")
    typer.echo(
        printable(
            f"Conflict {position} of {total}: {conflict['subject']} "
            f"(subject {conflict['subject_id']}): figures {spread}"
        )
    )
    typer.echo(printable(f"Why: {conflict['reason']}"))
    if conflict["total_claims"] > len(conflict["claims"]):
        typer.echo(f"({len(conflict['claims'])} of its {conflict['total_claims']} claims shown)")
    for claim in conflict["claims"]:
        typer.echo(
            printable(f"  claim {claim['id']}: {figure(claim)} — {source_label(claim)}")
            + f" (source {claim['source_id']})"
        )
        typer.echo(printable(f"    “{claim['quote']}”"))


def _decide(engine: Engine, conflict: dict[str, Any], user: str | None) -> str | None:
    """Ask for one decision on ``conflict`` and record it; returns "next", "quit", or None
    when something was decided."""
    from powdb.claim_curation import reject_claims
    from powdb.curation import record_verdict, split_subject

    shown = {claim["id"] for claim in conflict["claims"]}
    subject = conflict["subject_id"]
    key = _key(ACTIONS, "vrsnq")
    if key == "n":
        return "next"
    if key == "q":
        return "quit"
    action: Callable[[], str]
    if key == "v":
        kind = _key(VERDICT_MENU, "dcoxb")
        if kind == "b":
            return "again"
        verdict = VERDICT_KEYS[kind]
        prefer = None
        if verdict == "correction":
            sources = sorted({claim["source_id"] for claim in conflict["claims"]})
            answer = _ids(_ask(f"Source that is right ({', '.join(map(str, sources))})"))
            prefer = answer[0] if answer else None
        reason = _ask("Reason") or None

        def action() -> str:
            record_verdict(engine, subject, verdict, reason, prefer, user)
            return f"Verdict {verdict!r} recorded for subject {subject}."

    elif key == "r":
        chosen = _ids(_ask("Claim to reject (id)"))
        if not chosen or not set(chosen) <= shown:
            err.print("Error: give the id of a claim shown above", markup=False)
            return "again"
        reason = _ask("Reason") or None

        def action() -> str:
            reject_claims(engine, chosen, reason, user)
            return f"Claim {', '.join(map(str, chosen))} rejected."

    else:
        chosen = _ids(_ask("Claims to split off (ids)"))
        if not chosen or not set(chosen) <= shown:
            err.print("Error: give the ids of claims shown above", markup=False)
            return "again"
        label = _ask("Label of the new subject")

        def action() -> str:
            new_id = split_subject(engine, subject, chosen, label, user)
            return f"New subject {new_id} holds claim {', '.join(map(str, chosen))}."

    from powdb.errors import PowdbError

    try:
        typer.echo(action())
    except PowdbError as exc:
        err.print(f"Error: {exc}", markup=False, soft_wrap=True)
        return "again"
    return None


@reports_errors
def review(db: DbOption = None, user: UserOption = None) -> None:
    """Walk the open conflicts, largest first, showing their claims and quotes; one key per
    decision: a verdict, a rejected claim or a split (each recorded in the history, undone by
    `powdb undo`), the next conflict, or quit."""
    from powdb.conflicts import list_conflicts

    engine = open_database(db)
    queue = [conflict["subject_id"] for conflict in list_conflicts(engine)]
    if not queue:
        typer.echo("No open conflicts.")
        return
    decided = skipped = 0
    for position, subject_id in enumerate(queue, 1):
        while True:
            current = list_conflicts(engine, subject_id=subject_id)
            if not current:
                break  # settled by an earlier answer
            _show(current[0], position, len(queue))
            outcome = _decide(engine, current[0], user)
            if outcome == "quit":
                typer.echo(f"Decided {decided}, skipped {skipped}; stopped.")
                return
            if outcome == "next":
                skipped += 1
                break
            if outcome is None:
                decided += 1
    typer.echo(f"Decided {decided}, skipped {skipped}; that was the last conflict.")
