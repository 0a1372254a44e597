"""Rendering the report's pages with Jinja2 (autoescaped: documents are data, never markup)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from powdb import __version__
from powdb.citations import format_citation
from powdb.output import figure, source_label
from powdb.query import get_sources
from powdb.report.chart import chart_rows, conflict_chart, history_chart, history_points
from powdb.report.data import ReportData
from powdb.report.highlight import highlight

FILES_SUFFIX = "_files"  # report.html -> report_files/
MAX_CARDS = 24  # clashing claims shown side by side per conflict; the rest are linked
# Conflicts charted in full, in order (largest spread first); drawing a chart takes ~50 ms, so
# a database with 20,000 conflicts lists the others in a table (chart one with --subject).
MAX_CHARTED = 20
# Pages of a split report stay small enough to open in a second or two.
SUBJECTS_PER_PAGE = 1000
CLAIMS_PER_PAGE = 4000  # a subject with more claims gets a page of its own
CONFLICT_ROWS = 500  # uncharted conflicts listed on the main page; the rest on pages of
CONFLICT_ROWS_PER_PAGE = 2000
# Subjects given a historiography chart (figures by the date of their source): those with the
# most dated sources, as many as this (each chart takes ~50 ms to draw).
MAX_HISTORIES = 20


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("powdb.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.filters["figure"] = figure
    env.filters["quote_html"] = quote_html
    env.filters["interval"] = interval_text
    env.filters["plural"] = plural
    env.filters["number"] = number
    env.tests["web_url"] = lambda url: bool(re.match(r"https?://", str(url), re.IGNORECASE))
    return env


@cache
def stylesheet() -> Markup:
    css = resources.files("powdb.report").joinpath("templates/style.css").read_text("utf-8")
    return Markup(css)


def quote_html(claim: dict[str, Any]) -> Markup:
    """The claim's quote, escaped, with its surface in bold."""
    quote, surface = claim["quote"] or "", claim["surface"] or ""
    at = quote.find(surface) if surface else -1
    if at < 0:
        return escape(quote)
    end = at + len(surface)
    return (
        escape(quote[:at])
        + Markup("<strong>")
        + escape(surface)
        + Markup("</strong>")
        + escape(quote[end:])
    )


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def interval_text(group: dict[str, Any]) -> str:
    low, high = group["fig_low"], group["fig_high"]
    if high is None:
        return f"{number(low)} or more"
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def tooltip(claim: dict[str, Any]) -> str:
    """What hovering or focusing a highlight tells: figure, hedge, counted phrase, subject."""
    parts = [f"Claim {claim['id']}: {figure(claim)}"]
    parts.append(f"hedge: {claim['hedge']}" if claim["hedge"] else "no hedge")
    if claim["counted"]:
        parts.append(f"counts: {claim['counted']}")
    parts.append(f"subject: {claim['subject']}" if claim["subject"] else "no subject")
    return " · ".join(parts)


def mark_tag(claim: dict[str, Any]) -> str:
    return (
        f'<mark class="claim" id="claim-{claim["id"]}" tabindex="0"'
        f' aria-description="{escape(tooltip(claim))}">'
    )


@dataclass
class Links:
    """Where things are, seen from one page: ``single`` (one file), ``index`` (the main page of
    a split report) or ``page`` (a page in the ``report_files/`` folder)."""

    where: str
    files_dir: str
    source_ids: set[int]
    sources: dict[int, dict[str, Any]]  # every source a page may name, by id
    subject_pages: dict[int, str]  # split reports: the page each subject is on

    def page(self, name: str) -> str:
        return self._to_page(name)

    def _to_page(self, name: str) -> str:
        return f"{self.files_dir}/{name}" if self.where == "index" else name

    def claim_href(self, claim: dict[str, Any]) -> str | None:
        if claim["source_id"] not in self.source_ids:
            return None
        if self.where == "single":
            return f"#claim-{claim['id']}"
        return self._to_page(f"source-{claim['source_id']}.html") + f"#claim-{claim['id']}"

    def source_href(self, source_id: int) -> str:
        if self.where == "single":
            return f"#source-{source_id}"
        return self._to_page(f"source-{source_id}.html")

    def subject_href(self, subject_id: int) -> str | None:
        if self.where == "single":
            return f"#subject-{subject_id}"
        page = self.subject_pages.get(subject_id)
        return self._to_page(page) + f"#subject-{subject_id}" if page else None

    def claim_lines(self, claims: list[dict[str, Any]]) -> Markup:
        """``<li>`` per claim: figure (linked to it in context), counted phrase, source, quote.

        Written in Python rather than as a template macro: a report of 10,000 sources lists
        half a million of them, and a macro call costs several times more.
        """
        lines = []
        for claim in claims:
            fig = escape(figure(claim))
            href = self.claim_href(claim)
            if href:
                fig = Markup(f'<a href="{escape(href)}">{fig}</a>')
            counted = f" {escape(claim['counted'])}" if claim["counted"] else ""
            source = escape(self.source_name(claim["source_id"]))
            quote = escape(claim["quote"])
            lines.append(
                f'<li>{fig}{counted} — <span class="muted">{source}:</span> “{quote}”</li>'
            )
        return Markup("\n".join(lines))

    def source_name(self, source_id: int) -> str:
        source = self.sources.get(source_id)
        if source is None:
            return f"source {source_id}"
        return source_label(
            {"source_title": source["title"], "source_path": source["path"], "source_id": source_id}
        )

    def citation(self, source_id: int, page: int | None = None) -> str:
        """The source's citation; with ``page`` (a claim's, from a PDF), that page's."""
        source = self.sources.get(source_id)
        if source is None:
            return f"source {source_id}" + (f", p. {page}" if page is not None else "")
        return format_citation(source, page=page)


def _chunks(subjects: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Subjects in pages of at most SUBJECTS_PER_PAGE subjects and about CLAIMS_PER_PAGE claims."""
    chunks: list[list[dict[str, Any]]] = []
    claims = 0
    for subject in subjects:
        size = len(subject["claims"])
        if not chunks or len(chunks[-1]) >= SUBJECTS_PER_PAGE or claims + size > CLAIMS_PER_PAGE:
            chunks.append([])
            claims = 0
        chunks[-1].append(subject)
        claims += size
    return chunks


class Renderer:
    """Renders the pages of one report; charts are drawn once and reused by every page."""

    def __init__(self, data: ReportData, files_dir: str = "report_files") -> None:
        self.data = data
        self.files_dir = files_dir
        self.generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        sources = {s["id"]: s for s in data.sources}
        others = {c["source_id"] for item in data.conflicts for c in item["claims"]} - set(sources)
        sources.update(get_sources(data.engine, others))
        self.all_sources = sources
        self.conflicts = [
            self._conflict(item, charted=n < MAX_CHARTED) for n, item in enumerate(data.conflicts)
        ]
        self.subjects = [self._subject(item) for item in data.subjects]
        self._draw_histories()
        self.subject_chunks = _chunks(self.subjects)
        self.subject_page_of = {
            subject["id"]: f"subjects-{n}.html"
            for n, chunk in enumerate(self.subject_chunks, 1)
            for subject in chunk
        }

    def conflict_chunks(
        self, split: bool
    ) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
        """Uncharted conflicts for the main page, and those for pages of their own (split)."""
        rest = [c for c in self.conflicts if c["chart"] is None]
        if not split:
            return rest, []
        later = rest[CONFLICT_ROWS:]
        return rest[:CONFLICT_ROWS], [
            later[i : i + CONFLICT_ROWS_PER_PAGE]
            for i in range(0, len(later), CONFLICT_ROWS_PER_PAGE)
        ]

    def links(self, where: str) -> Links:
        return Links(
            where, self.files_dir, set(self.data.source_ids), self.all_sources, self.subject_page_of
        )

    def _conflict(self, item: dict[str, Any], charted: bool) -> dict[str, Any]:
        claims = item["claims"]
        figures = [c["fig_low"] for c in claims] + [c["fig_high"] for c in claims]
        finite = [f for f in figures if f is not None]
        conflict = {
            **item,
            "sources": len({c["source_id"] for c in claims}),
            "lowest": min(finite),
            "highest": None if None in figures else max(finite),
            "chart": None,
            "dropped": 0,
        }
        if charted:
            conflict["chart"] = conflict_chart(item["subject"], claims)
            conflict["dropped"] = chart_rows(claims)[1]
        return conflict

    def _subject(self, item: dict[str, Any]) -> dict[str, Any]:
        by_id = {c["id"]: c for c in item["claims"]}
        grouped: set[int] = set()
        groups = []
        for group in item["groups"]:
            grouped.update(group["claim_ids"])
            groups.append({**group, "claims": [by_id[i] for i in group["claim_ids"]]})
        return {
            **item,
            "groups": groups,
            "ungrouped": [c for c in item["claims"] if c["id"] not in grouped],
            "source_count": len({c["source_id"] for c in item["claims"]}),
        }

    def _draw_histories(self) -> None:
        """A historiography chart for the subjects whose figures come from two or more
        sources with a publication date, those with most such sources first."""
        candidates = []
        for subject in self.subjects:
            subject["history"] = None
            points = history_points(subject["claims"], self.all_sources)
            dated = {p["date"] for p in points}
            sources = {p["source"] for p in points}
            if len(points) >= 2 and len(dated) >= 2 and len(sources) >= 2:
                candidates.append((-len(sources), subject["id"], subject, points))
        for _, _, subject, points in sorted(candidates, key=lambda c: c[:2])[:MAX_HISTORIES]:
            subject["history"] = history_chart(subject["label"], points)

    def _common(self, links: Links, title: str, nav: list[tuple[str, str]]) -> dict[str, Any]:
        return {
            "links": links,
            "title": title,
            "nav": nav,
            "css": stylesheet(),
            "version": __version__,
            "generated": self.generated,
            "max_cards": MAX_CARDS,
        }

    def _counts(self, links: Links) -> list[tuple[str, int, str | None]]:
        d = self.data
        return [
            ("Sources", len(d.sources), "#sources"),
            ("Claims", d.claim_count, None),
            ("Subjects", len(d.subjects), "#subjects"),
            ("Conflicts", len(d.conflicts), "#conflicts"),
            ("Corroborations", d.corroboration_count, None),
        ]

    def _filters(self) -> str:
        f = self.data.filters
        parts = []
        if f["subjects"]:
            parts.append("subjects " + ", ".join(str(i) for i in f["subjects"]))
        if f["sources"]:
            parts.append("sources " + ", ".join(str(i) for i in f["sources"]))
        if f["conflicting_only"]:
            parts.append("subjects whose figures conflict")
        return "; ".join(parts)

    def source_items(
        self, links: Links, first: int = 0, stop: int | None = None
    ) -> Iterator[dict[str, Any]]:
        for source, text, claims in self.data.source_pages(first, stop):
            html, apart = highlight(text, claims, mark_tag)
            yield {"source": source, "claims": claims, "html": html, "apart": apart}

    def main_page(self, split: bool) -> str:
        links = self.links("index" if split else "single")
        nav = [
            ("#overview", "Overview"),
            ("#conflicts", "Conflicts"),
            ("#subjects", "Subjects"),
            ("#sources", "Sources"),
        ]
        context = self._common(links, "powdb report", nav)
        more, elsewhere = self.conflict_chunks(split)
        context.update(
            split=split,
            counts=self._counts(links),
            filters=self._filters(),
            conflicts=[c for c in self.conflicts if c["chart"] is not None],
            more_conflicts=more,
            more_conflicts_elsewhere=sum(len(chunk) for chunk in elsewhere),
            conflict_pages=[
                links.page(f"conflicts-{n}.html") for n in range(1, len(elsewhere) + 1)
            ],
            subjects=self.subjects,
            subject_chunks=self.subject_chunks,
            sources=self.data.sources,
            source_pages=[] if split else self.source_items(links),
        )
        return environment().get_template("report.html.j2").render(context)

    def _page_nav(self, main_name: str) -> list[tuple[str, str]]:
        return [
            (f"../{main_name}#{part}", label)
            for part, label in (
                ("overview", "Overview"),
                ("conflicts", "Conflicts"),
                ("subjects", "Subjects"),
                ("sources", "Sources"),
            )
        ]

    def source_pages(
        self, main_name: str, first: int = 0, stop: int | None = None
    ) -> Iterator[tuple[str, str]]:
        """``(file name, html)`` of each source's page in a split report (or of the sources
        from index ``first`` to ``stop``)."""
        links = self.links("page")
        template = environment().get_template("source.html.j2")
        for item in self.source_items(links, first, stop):
            context = self._common(
                links, links.source_name(item["source"]["id"]), self._page_nav(main_name)
            )
            context["item"] = item
            yield f"source-{item['source']['id']}.html", template.render(context)

    def conflict_pages(self, main_name: str) -> Iterator[tuple[str, str]]:
        """``(file name, html)`` of the pages listing conflicts in a split report."""
        links = self.links("page")
        template = environment().get_template("conflicts.html.j2")
        _, chunks = self.conflict_chunks(split=True)
        for n, chunk in enumerate(chunks, 1):
            context = self._common(links, f"Conflicts, page {n}", self._page_nav(main_name))
            context["rows"] = chunk
            yield f"conflicts-{n}.html", template.render(context)

    def subject_pages(
        self, main_name: str, numbers: Iterable[int] | None = None
    ) -> Iterator[tuple[str, str]]:
        """``(file name, html)`` of each page of subjects in a split report (or of the pages
        numbered ``numbers``, from 1)."""
        links = self.links("page")
        template = environment().get_template("subjects.html.j2")
        if numbers is None:
            numbers = range(1, len(self.subject_chunks) + 1)
        for n in numbers:
            chunk = self.subject_chunks[n - 1]
            title = f"Subjects {chunk[0]['id']}–{chunk[-1]['id']}"
            context = self._common(links, title, self._page_nav(main_name))
            context["subjects"] = chunk
            yield f"subjects-{n}.html", template.render(context)
