"""From extracted claims to :class:`ClaimFacts`: interval and subject for each claim."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from powdb.compare.conflicts import ClaimFacts
from powdb.compare.intervals import figure_interval
from powdb.compare.subjects import Subject, assign_subject, previous_sentence
from powdb.extract.model import ExtractedClaim


def subject_of(claim: ExtractedClaim, text: str) -> Subject:
    """The subject of a claim extracted from ``text`` (the whole document it came from)."""
    return assign_subject(
        claim.counted,
        claim.quote,
        previous_sentence(text, claim.quote_start),
        claim.unit,
        surface=claim.surface,
    )


def interval_of(claim: ExtractedClaim) -> tuple[float, float]:
    """The figure interval of an extracted claim (hedge and rounding)."""
    return figure_interval(claim.value, claim.low, claim.high, claim.hedge, claim.surface)


def claim_facts(
    claims: Sequence[ExtractedClaim],
    text: str,
    source_id: Hashable,
    *,
    first_id: int = 0,
) -> list[ClaimFacts]:
    """Subject and interval for each claim of one document; ids are ``(source_id, n)``
    counting from ``first_id``. A subject that is not :attr:`Subject.comparable` gets
    ``subject_key=None``, so the claim never conflicts or corroborates."""
    facts = []
    for number, claim in enumerate(claims, start=first_id):
        subject = subject_of(claim, text)
        fig_low, fig_high = interval_of(claim)
        if claim.value is not None:
            value = claim.value
        elif claim.low is not None and claim.high is not None:
            value = (claim.low + claim.high) / 2
        else:
            value = None
        facts.append(
            ClaimFacts(
                id=(source_id, number),
                source_id=source_id,
                subject_key=subject.key if subject.comparable else None,
                fig_low=fig_low,
                fig_high=fig_high,
                value=value,
                label=subject.label,
            )
        )
    return facts
