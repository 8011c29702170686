"""The audit page: one self-contained HTML file to check events against sources.

Events are shown by person and by document, each with its evidence
highlighted inside the surrounding source text, every field with its
provenance, and filters by event type, person, date and review status. The
page loads nothing from the network.

Safety: every piece of text from a report or a record goes through
:func:`html.escape` (a report containing ``<script>`` shows it as text), the
page's own script is allowed by its hash in a Content-Security-Policy (so an
injected script would not run even if escaping failed), and the script only
reads ``data-*`` attributes and sets ``hidden``.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.document import page_at
from pipeline.records import EVENT_TYPES, DetentionEvent
from pipeline.store import ReviewedEvent, Store, open_store, person_key

log = logging.getLogger(__name__)

#: Characters of source text shown on each side of the evidence.
CONTEXT_CHARS = 240
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _resource(name: str) -> str:
    return resources.files("pipeline.resources").joinpath("audit", name).read_text(encoding="utf-8")


def _field_values(ev: DetentionEvent) -> list[tuple[str, str]]:
    p = ev.person
    person = p.name + (f" ({p.name_zh})" if p.name_zh else "") + (f"; also {', '.join(p.aliases)}" if p.aliases else "")
    date = f"{ev.date.iso} ({ev.date.precision})" + (f" from “{ev.date.text}”" if ev.date and ev.date.text else "") if ev.date else "—"
    location = ev.location.name if ev.location else "—"
    if ev.location and ev.location.name_en and ev.location.name_en != ev.location.name:
        location += f" ({ev.location.name_en})"
    charges = "; ".join(f"{c.label} [{c.id}]" for c in ev.charges) or "—"
    if ev.sentence is None:
        sentence = "—"
    elif ev.sentence.months is not None:
        sentence = f"{ev.sentence.months} months" + (" (suspended)" if ev.sentence.suspended else "")
    else:
        sentence = str(ev.sentence.kind)
    evidence = f"characters {ev.evidence.start}–{ev.evidence.end}"
    return [
        ("event_type", ev.event_type),
        ("person", person),
        ("date", date),
        ("location", location),
        ("charges", charges),
        ("sentence", sentence),
        ("evidence", evidence),
    ]


def context_parts(ev: DetentionEvent, text: str | None, chars: int = CONTEXT_CHARS) -> tuple[str, str, str] | None:
    """(before, evidence, after) of the evidence inside its source text, not
    escaped; None when the source no longer holds the evidence there."""
    s, e = ev.evidence.start, ev.evidence.end
    if text is None or text[s:e] != ev.evidence.text:
        return None
    a, b = max(0, s - chars), min(len(text), e + chars)
    return ("…" if a > 0 else "") + text[a:s], text[s:e], text[e:b] + ("…" if b < len(text) else "")


SOURCE_CHANGED = "The source document has changed since this event was extracted or reviewed."


def _context(ev: DetentionEvent, text: str | None) -> str:
    """The evidence marked inside its source text, escaped."""
    parts = context_parts(ev, text)
    if parts is None:
        return (
            f'<blockquote class="context"><mark>{_e(ev.evidence.text)}</mark></blockquote>'
            f'<p class="meta">{_e(SOURCE_CHANGED)}</p>'
        )
    before, quote, after = parts
    return f'<blockquote class="context">{_e(before)}<mark>{_e(quote)}</mark>{_e(after)}</blockquote>'


def field_rows(r: ReviewedEvent) -> list[tuple[str, str, str]]:
    """(field, value, provenance) of an event as reviewed; an edited field
    names its reviewer and the extracted value instead of the rule."""
    ev = r.event
    extracted = dict(_field_values(r.extracted)) if r.extracted is not None else {}
    rows = []
    for name, value in _field_values(ev):
        source = ev.provenance.get(name, "")
        if r.status == "edited" and extracted and extracted.get(name) != value:
            who = r.review.reviewer if r.review else None
            source = f"edited by {who or 'a reviewer'} (extracted: {extracted.get(name)})"
        rows.append((name, value, source or "—"))
    return rows


def page_label(ev: DetentionEvent, pages: list | None = None) -> str | None:
    """ "page N" (or "pages N–M") of the evidence: the record's own page, else
    the document's page map (a record extracted before records carried pages)."""
    if ev.evidence.page is not None:
        return ev.evidence.page_label
    if not pages:
        return None
    first, last = page_at(pages, ev.evidence.start), page_at(pages, max(ev.evidence.start, ev.evidence.end - 1))
    if first is None:
        return None
    return f"page {first}" if last in (None, first) else f"pages {first}–{last}"


def _page_note(ev: DetentionEvent, pages: list | None) -> str:
    label = page_label(ev, pages)
    return f'<p class="meta page">{_e(label)}</p>' if label else ""


def _event_html(r: ReviewedEvent, texts: dict[str, str | None], pages: dict[str, list] | None = None) -> str:
    ev = r.event
    badges = [f'<span class="badge type">{_e(ev.event_type)}</span>']
    badges.append(f'<span class="badge review-{_e(r.status)}">{_e(r.status)}</span>')
    if r.stale:
        badges.append('<span class="badge stale">not in the latest extraction</span>')
    rows = [f"<tr><th>{_e(n)}</th><td>{_e(v)}</td><td>{_e(src)}</td></tr>" for n, v, src in field_rows(r)]
    review = ""
    if r.review is not None:
        review = (
            f'<p class="meta">{_e(r.status)} by {_e(r.review.reviewer or "?")} on {_e(r.review.decided_at)}'
            + (f": {_e(r.review.note)}" if r.review.note else "")
            + "</p>"
        )
    return (
        f'<article class="event {_e(r.status)}" data-event-id="{_e(ev.event_id)}" data-type="{_e(ev.event_type)}"'
        f' data-person="{_e(person_key(ev.person))}" data-date="{_e(ev.date.iso if ev.date else "")}"'
        f' data-review="{_e(r.status)}" data-doc="{_e(ev.doc_id)}">'
        f'<h4>{"".join(badges)} <span class="person">{_e(ev.person.name)}</span>'
        f' <span class="date">{_e(ev.date.iso if ev.date else "no date")}</span>'
        f' <span class="meta">in <b>{_e(ev.doc_id)}</b> · <code>{_e(ev.event_id)}</code>'
        f" · confidence {ev.confidence:.2f}</span></h4>"
        f"{_context(ev, texts.get(ev.doc_id))}"
        f"{_page_note(ev, (pages or {}).get(ev.doc_id)) if texts.get(ev.doc_id) is not None else ''}"
        '<table class="fields"><tr><th>field</th><th>value</th><th>provenance</th></tr>'
        f'{"".join(rows)}</table>{review}'
        f'<p class="meta hint">casefile review accept|reject|edit <code>{_e(ev.event_id)}</code></p></article>'
    )


def _source(text: str | None) -> str:
    """The whole document, folded: to look for what the extractor missed."""
    if not text:
        return ""
    return (
        f'<details class="source"><summary>Source text ({_n(len(text), "character")})</summary>'
        f'<blockquote class="context">{_e(text)}</blockquote></details>'
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _options(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in pairs)


#: Timeline drawing: width, height and margins in SVG units.
SVG_W, SVG_H, SVG_PAD, UNDATED_W = 760, 64, 24, 110
STEP_COLOURS = {"detained": "#c0392b", "arrested": "#8e44ad", "rsdl": "#6c3483", "disappeared": "#34495e",
                "indicted": "#d35400", "tried": "#b9770e", "sentenced": "#7b241c", "released": "#1e8449",
                "house_arrest": "#2874a6", "psychiatric": "#5d6d7e", "died_in_custody": "#000000"}


def _day(iso: str) -> int:
    from datetime import date

    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2]).toordinal()


def timeline_svg(p: Any) -> str:
    """A person's custody steps as an inline SVG: one mark per step on a time axis
    (undated steps at the right), a red ring and "!" on steps with a conflict."""
    dated = [s for s in p.steps if s.date_iso]
    undated = [s for s in p.steps if not s.date_iso]
    x0, x1 = SVG_PAD, SVG_W - SVG_PAD - (UNDATED_W if undated else 0)
    days = [_day(s.date_iso) for s in dated]
    lo, hi = (min(days), max(days)) if days else (0, 1)
    span = max(hi - lo, 1)
    y = SVG_H // 2
    parts = [f'<svg class="timeline" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_W} {SVG_H}"'
             f' width="{SVG_W}" height="{SVG_H}" aria-label="{_e(p.name)}: {_n(len(p.steps), "custody step")}">',
             f'<line class="axis" x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="#888"/>']
    if dated:
        parts.append(f'<text x="{x0}" y="{SVG_H - 4}" font-size="10" fill="#555">{_e(dated[0].date_iso)}</text>')
        if len(dated) > 1:
            parts.append(f'<text x="{x1}" y="{SVG_H - 4}" font-size="10" fill="#555" text-anchor="end">{_e(dated[-1].date_iso)}</text>')
    if undated:
        parts.append(f'<text x="{x1 + 12}" y="{SVG_H - 4}" font-size="10" fill="#555">undated</text>')
    for i, s in enumerate(p.steps):
        if s.date_iso:
            x = x0 + (x1 - x0) * (_day(s.date_iso) - lo) / span if len(days) > 1 else (x0 + x1) / 2
        else:
            x = x1 + 18 + (UNDATED_W - 30) * undated.index(s) / max(len(undated) - 1, 1)
        yy = y + (-8 if i % 2 else 8)  # alternate, so steps on one date stay apart
        colour = STEP_COLOURS.get(s.event_type, "#444")
        label = f"{s.event_type} {s.date_iso or 'undated'} · {', '.join(s.docs)}"
        if s.conflicts:
            label += " · conflict: " + ", ".join(s.conflicts)
        mark = [f'<g class="step-mark{" conflict" if s.conflicts else ""}" data-step-id="{_e(s.step_id)}"'
                f' data-type="{_e(s.event_type)}"><title>{_e(label)}</title>',
                f'<circle cx="{x:.1f}" cy="{yy}" r="6" fill="{colour}"/>']
        if s.conflicts:
            mark.append(f'<circle class="conflict-mark" cx="{x:.1f}" cy="{yy}" r="10" fill="none" stroke="#e00" stroke-width="2"/>'
                        f'<text class="conflict-mark" x="{x + 9:.1f}" y="{yy - 9}" font-size="12" font-weight="bold" fill="#e00">!</text>')
        mark.append("</g>")
        parts.append("".join(mark))
    parts.append("</svg>")
    return "".join(parts)


def _person_html(p: Any) -> str:
    """One person of the people view: names, timeline, steps with links to their records, conflicts."""
    names = [n for n in p.names if n not in (p.name, p.name_zh)]
    head = _e(p.name) + (f" ({_e(p.name_zh)})" if p.name_zh else "")
    rows = []
    for s in p.steps:
        links = " ".join(f'<a class="source-link" href="#ev-{_e(eid)}">{_e(eid)}</a>' for eid in s.event_ids)
        flag = f' <span class="badge conflict">{_e(", ".join(s.conflicts))}</span>' if s.conflicts else ""
        value = s.value
        what = "; ".join(x for x in [
            (value.get("location") or {}).get("name") if value.get("location") else None,
            ", ".join(value.get("charges") or []) or None,
        ] if x)
        rows.append(f'<tr class="step" data-step-id="{_e(s.step_id)}"><td>{_e(s.date_iso or "undated")}</td>'
                    f'<td>{_e(s.event_type)}{flag}</td><td>{_e(what)}</td><td>{_e(", ".join(s.docs))}</td><td>{links}</td></tr>')
    conflicts = "".join(
        f'<li class="conflict"><b>{_e(c["rule"])}</b>: {_e(c["detail"])} — '
        + "; ".join(f'{_e(json.dumps(v["value"], ensure_ascii=False) if not isinstance(v["value"], str) else v["value"])}'
                    f' in {_e(", ".join(v["doc_ids"]))}' for v in c["values"])
        + "</li>" for c in p.conflicts)
    return (
        f'<section class="identity" data-person-id="{_e(p.person_id)}"><h3>{head} <code>{_e(p.person_id)}</code></h3>'
        + (f'<p class="meta">also {_e(", ".join(names))}</p>' if names else "")
        + (f'<p class="meta">absorbed ids: {_e(", ".join(p.absorbed))}</p>' if p.absorbed else "")
        + f'<p class="meta">{_n(len(p.steps), "step")} from {_n(p.documents, "report")}</p>'
        + timeline_svg(p)
        + '<table class="fields steps"><tr><th>date</th><th>step</th><th>place, charges</th><th>reports</th><th>records</th></tr>'
        + "".join(rows) + "</table>"
        + (f'<ul class="conflicts">{conflicts}</ul>' if conflicts else "")
        + "</section>"
    )


def render(store: Store) -> tuple[str, int]:
    """The page's HTML and the number of events on it."""
    docs = store.documents()
    texts = {d["doc_id"]: d["text"] for d in docs}
    pages = {d["doc_id"]: d["pages"] for d in docs if d["pages"]}
    events = store.reviewed_events(include_rejected=True)
    rendered = {r.event_id: _event_html(r, texts, pages) for r in events}

    by_person: dict[str, list[ReviewedEvent]] = defaultdict(list)
    for r in events:
        by_person[person_key(r.event.person)].append(r)
    person_names = {
        key: rs[0].event.person.name + (f" ({rs[0].event.person.name_zh})" if rs[0].event.person.name_zh else "")
        for key, rs in by_person.items()
    }
    person_order = sorted(by_person, key=lambda k: person_names[k].casefold())
    person_html = [
        f'<section class="group person-group" data-person="{_e(key)}"><h3>{_e(person_names[key])}</h3>'
        f'<p class="meta">{_n(len(by_person[key]), "event")} in '
        f'{_n(len({r.event.doc_id for r in by_person[key]}), "document")}</p>'
        + "".join(rendered[r.event_id] for r in sorted(by_person[key], key=chronological))
        + "</section>"
        for key in person_order
    ] or ['<p class="meta">No events in this store.</p>']

    by_doc: dict[str, list[ReviewedEvent]] = defaultdict(list)
    for r in events:
        by_doc[r.event.doc_id].append(r)
    doc_html = []
    for d in docs:
        status = (
            f'<p class="doc-error">error: {_e(d["error"])}</p>' if d["status"] == "error"
            else f'<p class="meta">skipped: {_e(d["error"])}</p>' if d["status"] == "skipped" else ""
        )
        doc_events = by_doc.pop(d["doc_id"], [])
        anchored = "".join(f'<div id="ev-{_e(r.event_id)}">{rendered[r.event_id]}</div>' for r in doc_events)
        doc_html.append(
            f'<section class="group doc-group" data-doc="{_e(d["doc_id"])}" data-status="{_e(d["status"])}">'
            f'<h3>{_e(d["doc_id"])}</h3><p class="meta">{_e(d["path"])} · {_e(d["format"] or "text")}'
            f' · {_e(d["language"] or "language unknown")}'
            f' · {_e(d["status"])} · {_n(len(doc_events), "event")} · sha256 {_e(d["sha256"][:12])}</p>{status}'
            + _source(d["text"])
            + anchored
            + "</section>"
        )
    for doc_id, rs in sorted(by_doc.items()):  # reviewed events of documents no longer in the store
        doc_html.append(
            f'<section class="group doc-group" data-doc="{_e(doc_id)}"><h3>{_e(doc_id)}</h3>'
            + "".join(rendered[r.event_id] for r in rs)
            + "</section>"
        )

    n_ok = sum(d["status"] == "ok" for d in docs)
    n_skipped = sum(d["status"] == "skipped" for d in docs)
    reviewed = sum(r.status != "unreviewed" for r in events)
    summary = (
        f"{len(docs)} documents ({n_ok} ok, {len(docs) - n_ok - n_skipped} with errors"
        + (f", {n_skipped} skipped" if n_skipped else "")
        + f") · {len(events)} events"
        f" · {reviewed} reviewed · generated {datetime.now(UTC).isoformat(timespec='seconds')}"
        f" from {store.url.kind}"
    )
    from pipeline.people.timeline import persons

    people = persons(store)
    types_present = [t for t in EVENT_TYPES if any(r.event.event_type == t for r in events)]
    script = _resource("audit.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    values = {
        "script_hash": f"sha256-{digest}",
        "summary": _e(summary),
        "type_options": _options((t, t) for t in types_present),
        "person_options": _options((k, person_names[k]) for k in person_order),
        "n_events": str(len(events)),
        "by_person": "\n".join(person_html),
        "by_document": "\n".join(doc_html) or '<p class="meta">No documents in this store.</p>',
        "by_identity": "\n".join(_person_html(p) for p in people) or (
            '<p class="meta">No persons yet: casefile link (or casefile run) links the records into persons.</p>'),
        "n_persons": str(len(people)),
        "script": script,
    }
    # One pass over the template: text from reports is never scanned for placeholders.
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], _resource("template.html"))
    return page, len(events)


def chronological(r: ReviewedEvent) -> tuple[str, str, int]:
    return (r.event.date.iso if r.event.date else "9999", r.event.doc_id, r.event.evidence.start)


def write_audit(db: str, out: str | Path) -> int:
    """Write the audit page of the store at ``db`` to ``out``; returns the number of events."""
    with open_store(db, must_exist=True) as store:
        page, n = render(store)
    Path(out).write_text(page, encoding="utf-8")
    log.info("audit page with %d events: %s", n, out)
    return n
