"""Assemble candidates into validated records, one per person per event.

The same event told twice in a document becomes one record that keeps the
most informative slots; an occurrence marked as repeated ("again", 再次)
stays its own record, and so do occurrences with conflicting dates.
"""
from __future__ import annotations

import datetime
import logging

from pydantic import ValidationError

from pipeline.document import Document
from pipeline.mentions import Candidate, DateRef
from pipeline.records import Charge, DateValue, DetentionEvent, Evidence, Person, Place, SentenceTerm
from pipeline.resources import charge_by_id

log = logging.getLogger(__name__)

_PRECISION_RANK = {"year": 1, "month": 2, "day": 3}


def person_key(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKC", name).lower() if c.isalnum())


def dates_compatible(a: DateRef | None, b: DateRef | None) -> bool:
    """Two mentions can be one event when one date refines the other; when a
    year was only inferred from context, month and day alone must agree."""
    if a is None or b is None:
        return True
    if a.iso.startswith(b.iso) or b.iso.startswith(a.iso):
        return True
    if (a.inferred or b.inferred) and len(a.iso) > 4 and len(b.iso) > 4:
        x, y = a.iso[4:], b.iso[4:]
        return x.startswith(y) or y.startswith(x)
    return False


def _place_rank(c: Candidate) -> int:
    if c.place is None:
        return 0
    value = c.place.value or {}
    return 1 + {"country": 0, "region": 1, "province": 2, "prefecture": 3, "county": 4, "township": 5}.get(
        value.get("admin_level"), 3
    ) + (4 if value.get("facility_kind") else 0)


def _better_place(a: Candidate, b: Candidate) -> bool:
    """Does ``a`` say more about where than ``b``? The slot scorer's
    probabilities decide when both places are its choice."""
    if a.place is not None and b.place is not None and "place" in a.slot_scores and "place" in b.slot_scores:
        return a.slot_scores["place"] > b.slot_scores["place"]
    return _place_rank(a) > _place_rank(b)


def _info(c: Candidate) -> int:
    return (c.date is not None) * 2 + (c.place is not None) + len(c.charges) + (c.sentence is not None)


def merge(into: Candidate, other: Candidate) -> Candidate:
    if _info(other) > _info(into):
        into.evidence = other.evidence  # quote the telling that says the most
    if other.date and (
        into.date is None
        or _PRECISION_RANK[other.date.precision] > _PRECISION_RANK[into.date.precision]
        or (into.date.inferred and not other.date.inferred)
    ):
        into.date = other.date
        into.provenance["date"] = other.provenance.get("date", "")
    if _better_place(other, into):
        into.place = other.place
        if "place" in other.slot_scores:
            into.slot_scores["place"] = other.slot_scores["place"]
        into.provenance["location"] = other.provenance.get("location", "")
    seen = {m.value for m in into.charges}
    for m in other.charges:
        if m.value not in seen:
            into.charges.append(m)
            seen.add(m.value)
    if into.sentence is None and other.sentence is not None:
        into.sentence = other.sentence
        into.provenance["sentence"] = other.provenance.get("sentence", "")
    into.confidence = max(into.confidence, other.confidence)
    p, q = into.person, other.person
    if not p.name_zh and q.name_zh:
        p.name_zh = q.name_zh
    for alias in q.aliases:
        if alias not in p.aliases and alias != p.name:
            p.aliases.append(alias)
    return into


#: a seizure and its formal detention this many days later, with no release
#: told between, are one custody (GUIDELINES: one ``detained`` record dated by the seizure)
SAME_CUSTODY_DAYS = 31


def _day(d: DateRef | None) -> datetime.date | None:
    if d is None or d.precision != "day":
        return None
    try:
        return datetime.date.fromisoformat(d.iso)
    except ValueError:
        return None


def same_custody(o: Candidate, c: Candidate, released: dict[str, list[int]]) -> bool:
    """Two ``detained`` candidates of one person, dated days apart, with no
    release of that person told between them: the seizure and its formal
    detention (带走 then 刑拘; "taken away", then a detention notice)."""
    if o.event_type != "detained" or o.repeated or c.repeated:
        return False
    a, b = _day(o.date), _day(c.date)
    if a is None or b is None or not 0 < abs((b - a).days) <= SAME_CUSTODY_DAYS:
        return False
    lo, hi = sorted((o.trigger.start, c.trigger.start))
    return not any(lo <= pos <= hi for pos in released.get(person_key(o.person.name), ()))


def dedup(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    released: dict[str, list[int]] = {}  # person key -> where a release of them is told
    for c in cands:
        if c.event_type == "released":
            released.setdefault(person_key(c.person.name), []).append(c.trigger.start)
    # the records kept so far by (type, person key), in the order kept: a candidate
    # is compared with its own person's records only (comparing it with every record
    # made a report with a trigger in every sentence quadratic); merging never
    # changes a record's type or name, so its key stays
    kept: dict[tuple[str, str], list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: c.evidence[0]):
        key = (c.event_type, person_key(c.person.name))
        target, custody = None, False
        for o in kept.get(key, ()):
            if same_custody(o, c, released):
                target, custody = o, True
                break
            # a repeated occurrence ("detained again") joins another record only on a matching date
            if c.repeated and (c.date is None or o.date is None):
                continue
            # one sentence telling two steps with their own dates ("detained in August and
            # arrested in October", of one type after the trigger lexicon's reading) keeps both
            if o.evidence == c.evidence and o.date and c.date and o.date.text != c.date.text:
                continue
            if dates_compatible(o.date, c.date):
                target = o
                break
        if target is None:
            out.append(c)
            kept.setdefault(key, []).append(c)
        elif custody:
            seizure = min((target, c), key=lambda x: _day(x.date))
            date, source = seizure.date, seizure.provenance.get("date", "")
            merge(target, c)
            target.date, target.provenance["date"] = date, source
        else:
            merge(target, c)
    return out


def to_record(doc: Document, c: Candidate) -> DetentionEvent:
    start, end = c.evidence
    aliases = [a for a in dict.fromkeys(c.person.aliases) if a and a not in (c.person.name, c.person.name_zh)]
    person = Person(name=c.person.name, name_zh=c.person.name_zh, aliases=aliases)
    date = DateValue(iso=c.date.iso, precision=c.date.precision, text=c.date.text) if c.date else None
    location = None
    if c.place is not None:
        v = c.place.value or {}
        location = Place(
            name=v.get("name") or c.place.text,
            name_en=v.get("name_en"),
            admin_code=v.get("admin_code"),
            admin_level=v.get("admin_level"),
            facility_kind=v.get("facility_kind"),
        )
    charges = []
    for m in c.charges:
        entry = charge_by_id(m.value)
        charges.append(Charge(id=entry.id, label=entry.label_en, statute=entry.statute, text=m.text))
    sentence = None
    if c.sentence is not None and c.event_type == "sentenced":
        v = c.sentence.value
        sentence = SentenceTerm(months=v.get("months"), kind=v.get("kind"), suspended=v.get("suspended", False), text=c.sentence.text)
    prov = {"event_type": c.trigger.source, "person": c.person.source, "evidence": c.trigger.source}
    if c.provenance.get("decision"):
        # the event scorer kept this trigger x person pairing: its id and score
        prov["event_type"] += "; " + c.provenance["decision"]
        prov["person"] += "; " + c.provenance["decision"]
    for k in ("date", "location", "charges", "sentence"):
        if c.provenance.get(k):
            prov[k] = c.provenance[k]
    if charges and "charges" not in prov:
        prov["charges"] = ",".join(sorted({m.source for m in c.charges}))
    return DetentionEvent(
        doc_id=doc.doc_id,
        event_type=c.event_type,
        person=person,
        date=date,
        location=location,
        charges=charges,
        sentence=sentence,
        evidence=Evidence(start=start, end=end, text=doc.text[start:end]),
        confidence=round(min(1.0, max(0.0, c.confidence)), 3),
        provenance=prov,
    )


def assemble(doc: Document, cands: list[Candidate]) -> list[DetentionEvent]:
    records = []
    for c in dedup(cands):
        try:
            records.append(to_record(doc, c))
        except (ValidationError, KeyError) as exc:
            log.warning("%s: dropped a candidate that failed validation: %s", doc.doc_id, exc)
    return records
