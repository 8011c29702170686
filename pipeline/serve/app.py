"""The review app: a Starlette application over one store.

    >>> from pipeline.serve import create_app
    >>> app = create_app("sqlite:///casefile.db")        # an ASGI app; casefile serve runs it with uvicorn

Pages: the queue (``/``, one event at a time, unreviewed first, filters in
the query string), a person (``/person/KEY``), a document (``/document/ID``).
Decisions are POSTs (``/decide``, ``/edit``, ``/undo``) through
:mod:`pipeline.review`, each one transaction, each refused when the event
changed since the page showed it; ``/export`` runs the store's export. See
:mod:`pipeline.serve.security` for what guards them.

Endpoints are ``async`` and share one store connection on the event loop's
thread: requests are served one at a time, which a single reviewer never
notices (the queue page takes milliseconds) and which keeps SQLite's
connection on one thread.
"""
from __future__ import annotations

import getpass
import json
import logging
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.errors import CasefileError
from pipeline.records import EVENT_TYPES
from pipeline.review import EDIT_FIELDS, EditError, decide_on, edit_fields, undo
from pipeline.serve.security import CSRF_FIELD, Guard, check_bind, checked_form, is_loopback
from pipeline.serve.views import Filters, card, chronological, errors_by_group, form_values, marked_text, parse_filters
from pipeline.sinks.export import FORMATS, export_store
from pipeline.store import QUEUE_STATES, ReviewedEvent, Store, open_store

log = logging.getLogger(__name__)

DECISION_LABELS = {"accepted": "Accepted", "rejected": "Rejected", "edited": "Edited", "undone": "Undone"}
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.serve", "templates"), autoescape=True)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.globals.update(event_types=EVENT_TYPES, states=QUEUE_STATES, formats=FORMATS, csrf_field=CSRF_FIELD)
    return env


class ReviewApp:
    """The pages and actions, over one open store."""

    def __init__(self, store: Store, reviewer: str):
        self.store = store
        self.reviewer = reviewer
        self.env = _environment()

    # -- rendering -------------------------------------------------------------

    def page(self, request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        progress = self.store.progress()
        totals = {k: sum(r[k] for r in progress) for k in ("total", "reviewed", "accepted", "rejected", "edited")}
        html = self.env.get_template(template).render(
            csrf=request.state.csrf, progress=progress, totals=totals, store_kind=self.store.url.kind, **values
        )
        return HTMLResponse(html, status_code=status_code)

    def _text(self, doc_id: str) -> str | None:
        doc = self.store.document(doc_id)
        return doc["text"] if doc else None

    def queue_page(
        self,
        request: Request,
        filters: Filters,
        focus: str | None = None,
        index: int | None = None,
        status_code: int = 200,
        notice: str | None = None,
        conflict: str | None = None,
        errors: list[tuple[str, str]] | None = None,
        values: dict[str, str] | None = None,
    ) -> HTMLResponse:
        position = self.store.queue_position(filters.queue, focus) if focus else None
        if position is None:
            position = max(0, index or 0)
        ids, total = self.store.queue_ids(filters.queue, offset=position)
        if not ids and total:  # past the end (the queue shrank): show the last one
            position = total - 1
            ids, total = self.store.queue_ids(filters.queue, offset=position)
        shown = self.store.events_by_id(ids)
        current = card(shown[0], self._text(shown[0].event.doc_id)) if shown else None
        last = self.store.last_decision()
        last_person = None
        if last is not None:
            last_person = last.record.person.name
        return self.page(
            request, "queue.html", status_code,
            filters=filters, card=current, position=position, total=total,
            prev_url=filters.url(i=position - 1) if position > 0 else None,
            next_url=filters.url(i=position + 1) if position + 1 < total else None,
            last=last, last_person=last_person, notice=notice, conflict=conflict,
            errors=errors or [], err=errors_by_group(errors or []),
            values=values or (form_values(shown[0]) if shown else {}),
            edit_open=bool(errors), edit_fields=EDIT_FIELDS,
        )

    # -- pages -------------------------------------------------------------------

    async def queue(self, request: Request) -> Response:
        params = request.query_params
        try:
            index = int(params.get("i", "0"))
        except ValueError:
            index = 0
        done = params.get("done")
        return self.queue_page(
            request, parse_filters(params), focus=params.get("focus") or None, index=index,
            notice=DECISION_LABELS.get(done or ""),
        )

    async def person(self, request: Request) -> Response:
        key = request.path_params["key"]
        events = sorted(self.store.events_of(person=key), key=chronological)
        row = self.store.person(key)
        if not events and row is None:
            raise HTTPException(404, "no such person in this store")
        name = row["name"] if row else events[0].event.person.name
        name_zh = row["name_zh"] if row else events[0].event.person.name_zh
        texts = {doc: self._text(doc) for doc in {r.event.doc_id for r in events}}
        cards = [card(r, texts[r.event.doc_id]) for r in events]
        aliases = json.loads(row["aliases"]) if row else []
        return self.page(request, "person.html", name=name, name_zh=name_zh, aliases=aliases, cards=cards,
                         n_docs=len(texts))

    async def document(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        doc = self.store.document(doc_id)
        events = self.store.events_of(doc_id=doc_id)
        if doc is None and not events:
            raise HTTPException(404, "no such document in this store")
        text = (doc or {}).get("text") or ""
        segments, missing = marked_text(text, events)
        cards = [card(r, text) for r in events]
        return self.page(request, "document.html", doc=doc, doc_id=doc_id, segments=segments, missing=missing,
                         cards=cards)

    # -- actions -----------------------------------------------------------------

    def _back(self, form: Any) -> Filters:
        return parse_filters(dict(parse_qsl(str(form.get("q") or ""))))

    def _next_after(self, filters: Filters, event_id: str) -> str | None:
        """The event after ``event_id`` in the queue as it stands now: where to go once it is decided."""
        position = self.store.queue_position(filters.queue, event_id)
        if position is None:
            return None
        ids, _ = self.store.queue_ids(filters.queue, offset=position + 1)
        return ids[0] if ids else None

    def _current(self, event_id: str) -> ReviewedEvent:
        try:
            return self.store.get_event(event_id)
        except CasefileError as exc:
            raise HTTPException(404, str(exc)) from exc

    def _conflict(self, request: Request, filters: Filters, event_id: str) -> HTMLResponse:
        now = self.store.get_event(event_id)
        message = (
            f"This record changed since the page showed it (it is now {now.status}"
            + (", and the latest run extracted it again" if now.extracted is not None else "")
            + "): nothing was saved. Here it is as it stands; decide again."
        )
        return self.queue_page(request, filters, focus=event_id, status_code=409, conflict=message)

    async def decide(self, request: Request) -> Response:
        form = await checked_form(request)
        filters = self._back(form)
        event_id = str(form.get("event_id") or "")
        decision = str(form.get("decision") or "")
        if decision not in ("accepted", "rejected"):
            raise HTTPException(400, "decision must be accepted or rejected")
        self._current(event_id)
        following = self._next_after(filters, event_id)
        try:
            decide_on(self.store, event_id, decision, reviewer=self.reviewer,
                      note=str(form.get("note") or "") or None, expected_version=str(form.get("version") or ""))
        except CasefileError as exc:
            if exc.code != "E207":
                raise
            return self._conflict(request, filters, event_id)
        return RedirectResponse(filters.url(focus=following or event_id, done=decision), status_code=303)

    async def edit(self, request: Request) -> Response:
        form = await checked_form(request)
        filters = self._back(form)
        event_id = str(form.get("event_id") or "")
        current = self._current(event_id)
        values = {name: str(form.get(name) or "") for name in EDIT_FIELDS}
        if current.version != form.get("version"):
            return self._conflict(request, filters, event_id)
        try:
            record = edit_fields(current.event, values)
        except EditError as exc:
            return self.queue_page(request, filters, focus=event_id, status_code=422, errors=exc.errors, values=values)
        following = self._next_after(filters, event_id)
        try:
            decide_on(self.store, event_id, "edited", record=record, reviewer=self.reviewer,
                      note=str(form.get("note") or "") or None, expected_version=current.version)
        except CasefileError as exc:
            if exc.code != "E207":
                raise
            return self._conflict(request, filters, event_id)
        return RedirectResponse(filters.url(focus=following or event_id, done="edited"), status_code=303)

    async def undo(self, request: Request) -> Response:
        form = await checked_form(request)
        filters = self._back(form)
        event_id = str(form.get("event_id") or "")
        self._current(event_id)
        try:
            undo(self.store, event_id, str(form.get("decided_at") or "") or None, reviewer=self.reviewer)
        except CasefileError as exc:
            if exc.code not in ("E207", "E208"):
                raise
            return self.queue_page(request, filters, focus=event_id, status_code=409,
                                   conflict="That decision is no longer the one in force (changed in another tab?): nothing was undone.")
        return RedirectResponse(filters.url(focus=event_id, done="undone"), status_code=303)

    async def export(self, request: Request) -> Response:
        form = await checked_form(request)
        fmt = str(form.get("format") or "jsonl")
        if fmt not in FORMATS:
            raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}")
        with tempfile.TemporaryDirectory(prefix="casefile-export-") as tmp:
            out = Path(tmp) / f"casefile-export.{fmt}"
            n = export_store(self.store, fmt, out, include_rejected=bool(form.get("include_rejected")))
            data = out.read_bytes()
        log.info("exported %d events as %s", n, fmt)
        return Response(data, media_type=MEDIA_TYPES[fmt], headers={
            "content-disposition": f'attachment; filename="casefile-export.{fmt}"', "x-casefile-events": str(n)})


def create_app(store_url: str, token: str | None = None, reviewer: str | None = None, host: str = "127.0.0.1") -> Starlette:
    """The review app over the store at ``store_url`` (which must exist).

    ``token``: when given, every request needs it. ``host``: where it will
    listen; beyond loopback a token is required (E301) and any Host header is
    answered, on loopback only the loopback names are.
    """
    check_bind(host, token)
    open_store(store_url, must_exist=True).close()  # fail now (E201, E202), not at the first request
    review = ReviewApp(None, reviewer or getpass.getuser())  # type: ignore[arg-type]

    @asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ANN202
        # Opened on the event loop's thread, where every endpoint runs (SQLite
        # connections stay on the thread that made them).
        review.store = open_store(store_url, must_exist=True)
        try:
            yield
        finally:
            review.store.close()

    routes = [
        Route("/", review.queue, methods=["GET"]),
        Route("/person/{key}", review.person, methods=["GET"]),
        Route("/document/{doc_id:path}", review.document, methods=["GET"]),
        Route("/decide", review.decide, methods=["POST"]),
        Route("/edit", review.edit, methods=["POST"]),
        Route("/undo", review.undo, methods=["POST"]),
        Route("/export", review.export, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("pipeline.serve", "static")]), name="static"),
    ]
    middleware = [Middleware(Guard, token=token, loopback_only=is_loopback(host))]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.review = review
    return app
