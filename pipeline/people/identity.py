"""Who is who across reports: evidence for and against, and the identities it yields.

The unit is a :class:`Node`, one person as one report names them (the
records of a report that share a name). Nodes are joined by links, strongest
first, each naming its rule (``resources/people/rules.yaml``), confidence and
reports; a link that would put two different Chinese names (王林 / 王琳) or
incompatible ages in one identity is refused and kept as a refusal. A
romanized name that reads as two Chinese names of the store ("Wang Lin") is
ambiguous and joins neither: two people wrongly merged is worse than one
person split.

:func:`cluster` is pure: records in, identities (without ids) and links out.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.people import romanize as rom
from pipeline.people.rules import rules
from pipeline.records import DetentionEvent

log = logging.getLogger(__name__)


@dataclass
class Node:
    """One person as one report names them."""

    doc_id: str
    records: list[DetentionEvent]
    names: list[str]  # every name and alias as written, most frequent first
    zh: frozenset[str]  # Simplified Chinese names (the record's and its Chinese aliases)
    zh_primary: frozenset[str]  # the records' own Chinese names (name_zh, or a Chinese name)
    forms: dict[str, bool]  # folded romanized form -> only an alias
    styled: bool  # some romanized name is written the Hong Kong / Taiwan way
    births: tuple[int, int] | None  # birth-year range from ages in the quotes

    @property
    def key(self) -> str:
        return f"{self.doc_id}|{self.names[0]}"

    @property
    def name(self) -> str:
        return self.names[0]

    def describe(self) -> str:
        zh = "/".join(sorted(self.zh))
        return self.name + (f" ({zh})" if zh and zh != rom.simplified(self.name) else "")


@dataclass
class Link:
    """Why two nodes are (or are not) one person."""

    rule: str
    status: str  # "linked" or "refused"
    a: Node
    b: Node | None
    confidence: float
    detail: str
    docs: tuple[str, ...]
    against: str | None = None  # the rule that refused it


@dataclass
class Identity:
    """One person: nodes from one or more reports (no id yet; see :mod:`pipeline.people.ids`)."""

    nodes: list[Node]
    links: list[Link] = field(default_factory=list)

    @property
    def records(self) -> list[DetentionEvent]:
        return [r for n in self.nodes for r in n.records]

    @property
    def zh(self) -> frozenset[str]:
        return frozenset(z for n in self.nodes for z in n.zh)

    def names(self) -> list[str]:
        count: Counter[str] = Counter()
        for n in self.nodes:
            for r in n.records:
                count[r.person.name] += 2
                if r.person.name_zh:
                    count[r.person.name_zh] += 1
                for a in r.person.aliases:
                    count[a] += 1
        return sorted(count, key=lambda s: (-count[s], s))

    @property
    def name(self) -> str:
        """The romanized name most reports use, else the most used name."""
        names = self.names()
        latin = [n for n in names if rom.is_latin(n)]
        return (latin or names)[0]

    @property
    def name_zh(self) -> str | None:
        zh = Counter(rom.simplified(r.person.name_zh) for r in self.records if r.person.name_zh)
        zh.update(rom.simplified(r.person.name) for r in self.records if rom.is_chinese(r.person.name))
        zh.pop("", None)
        return min(zh, key=lambda z: (-zh[z], z)) if zh else None

    @property
    def documents(self) -> list[str]:
        return sorted({n.doc_id for n in self.nodes})


# -- nodes ---------------------------------------------------------------------

def _record_zh(ev: DetentionEvent) -> tuple[set[str], set[str]]:
    """(all Chinese names, the record's own Chinese name) in Simplified form."""
    p = ev.person
    own = {rom.simplified(n) for n in (p.name_zh, p.name) if n and rom.is_chinese(n)}
    every = own | {rom.simplified(a) for a in p.aliases if rom.is_chinese(a)}
    return {z for z in every if len(z) >= 2}, {z for z in own if len(z) >= 2}


def _ages(ev: DetentionEvent) -> list[int]:
    names = [n for n in (ev.person.name, ev.person.name_zh, *ev.person.aliases) if n]
    return [a for pat in rules().ages for n in names for a in pat.ages(ev.evidence.text, n) if 10 <= a <= 100]


def _births(records: Iterable[DetentionEvent]) -> tuple[int, int] | None:
    lo, hi = -10**6, 10**6
    found = False
    for ev in records:
        if ev.date is None:
            continue
        year = int(ev.date.iso[:4])
        for age in _ages(ev):
            found = True
            lo, hi = max(lo, year - age - 1), min(hi, year - age)
    if not found or lo > hi:  # no ages, or a report that contradicts itself: no evidence either way
        return None
    return lo, hi


def make_node(doc_id: str, records: list[DetentionEvent]) -> Node:
    count: Counter[str] = Counter()
    zh: set[str] = set()
    own: set[str] = set()
    forms: dict[str, bool] = {}
    styled = False
    for ev in records:
        p = ev.person
        count[p.name] += 2
        for a in p.aliases:
            count[a] += 1
        every, mine = _record_zh(ev)
        zh |= every
        own |= mine
        for text, alias in [(p.name, False)] + [(a, True) for a in p.aliases]:
            if rom.is_latin(text):
                styled = styled or rom.hk_or_tw_style(text)
                for f in rom.name_forms(text):
                    forms[f] = forms.get(f, True) and alias
    names = sorted(count, key=lambda s: (-count[s], s))
    return Node(doc_id, records, names, frozenset(zh), frozenset(own), forms, styled, _births(records))


def nodes_of(events: Iterable[DetentionEvent]) -> list[Node]:
    """The persons of each report: records of one report that share a name (or
    a Chinese name) are one node, unless they carry different Chinese names."""
    by_doc: dict[str, list[DetentionEvent]] = defaultdict(list)
    for ev in events:
        by_doc[ev.doc_id].append(ev)
    out: list[Node] = []
    for doc_id in sorted(by_doc):
        recs = sorted(by_doc[doc_id], key=lambda e: (e.evidence.start, e.event_id))
        zh = [_record_zh(e)[0] for e in recs]
        uf = _UnionFind(len(recs), zh)
        first: dict[tuple[str, str], int] = {}
        for i, ev in enumerate(recs):
            keys = {("z", z) for z in zh[i]}
            for text in (ev.person.name, *ev.person.aliases):
                if rom.is_latin(text):
                    keys |= {("l", f) for f in rom.name_forms(text)[:1]}
            for k in sorted(keys):
                j = first.setdefault(k, i)
                if j != i:
                    uf.union(i, j, lambda a, b: not _zh_clash(uf.data[a], uf.data[b]))
        groups: dict[int, list[DetentionEvent]] = defaultdict(list)
        for i, ev in enumerate(recs):
            groups[uf.find(i)].append(ev)
        out += [make_node(doc_id, g) for _, g in sorted(groups.items())]
    return out


def _zh_clash(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)


class _UnionFind:
    """Union-find whose roots carry the Chinese names of their members."""

    def __init__(self, n: int, zh: list[set[str]]):
        self.parent = list(range(n))
        self.data: dict[int, set[str]] = {i: set(z) for i, z in enumerate(zh)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, allowed) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if not allowed(a, b):
            return False
        lo, hi = min(a, b), max(a, b)
        self.parent[hi] = lo
        self.data[lo] |= self.data[hi]
        return True


# -- evidence --------------------------------------------------------------------

def _candidate_links(nodes: list[Node]) -> list[Link]:
    """Every link worth trying, before the evidence against is weighed."""
    R = rules()
    out: list[Link] = []
    # Equal Chinese names.
    by_zh: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        for z in sorted(n.zh):
            by_zh[z].append(n)
    for z, group in sorted(by_zh.items()):
        anchor = next((n for n in group if z in n.zh_primary), group[0])
        for n in group:
            if n is anchor:
                continue
            same_doc = n.doc_id == anchor.doc_id
            rule = "doc.same_name" if same_doc else ("zh.equal" if z in n.zh_primary and z in anchor.zh_primary else "alias.shared")
            out.append(Link(rule, "linked", anchor, n, R.confidence(rule), z, (anchor.doc_id, n.doc_id)))

    # Romanized forms: what each reads as, and who wrote it with characters.
    by_form: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        for f in n.forms:
            by_form[f].append(n)
    paired: dict[str, dict[str, Node]] = defaultdict(dict)  # form -> zh -> a node that wrote both
    for n in nodes:
        if len(n.zh_primary) == 1:
            (z,) = n.zh_primary
            for f, alias in n.forms.items():
                if not alias:
                    paired[f].setdefault(z, n)
    readings: dict[str, dict[str, dict[str, set[str]]]] = {sid: defaultdict(lambda: defaultdict(set)) for sid in rom.SCHEMES}
    zh_written: dict[str, str] = {}  # Simplified -> a form as written, for Cantonese readings of Traditional
    for n in nodes:
        for r in n.records:
            for text in (r.person.name_zh, r.person.name, *r.person.aliases):
                if text and rom.is_chinese(text):
                    z = rom.simplified(text)
                    if z in n.zh and (z not in zh_written or text != z):
                        zh_written[z] = text
    for z, written in zh_written.items():
        for sid, keys in rom.SCHEMES.items():
            for k in keys(written):
                readings[sid][k][z].add(written)
    for f, group in sorted(by_form.items()):
        styled = any(n.styled for n in group)
        schemes = list(rom.SCHEMES) if styled else ["pinyin.equal"]
        reads = {sid: set(readings[sid].get(f, {})) for sid in schemes}
        candidates = set(paired.get(f, {})) | {z for zs in reads.values() for z in zs}
        bare = [n for n in group if not n.zh]
        if len(candidates) >= 2:
            written = [n for n in group if n.zh]
            for n in written[1:]:
                if _zh_clash(written[0].zh, n.zh):
                    out.append(Link("roman.equal", "refused", written[0], n, 0.0,
                                    f"{f}: {'/'.join(sorted(written[0].zh))} vs {'/'.join(sorted(n.zh))}",
                                    (written[0].doc_id, n.doc_id), against="against.zh_differs"))
            for n in bare:
                out.append(Link("pinyin.equal", "refused", n, None, 0.0, f"{f} reads as {'/'.join(sorted(candidates))}",
                                (n.doc_id,), against="against.ambiguous"))
            continue
        if not bare:
            continue
        if candidates:
            (z,) = candidates
            anchor = paired.get(f, {}).get(z)
            if anchor is not None:
                rule, docs = "pair.licensed", (anchor.doc_id,)
            else:
                anchor = next(n for n in by_zh[z] if z in n.zh_primary) if any(z in n.zh_primary for n in by_zh[z]) else by_zh[z][0]
                rule, docs = next(sid for sid in schemes if z in reads[sid]), (anchor.doc_id,)
        else:
            anchor, rule, docs = bare[0], "roman.equal", (bare[0].doc_id,)
        for n in bare:
            if n is anchor:
                continue
            this = "doc.same_name" if n.doc_id == anchor.doc_id else rule
            if this != "doc.same_name" and (n.forms.get(f) or anchor.forms.get(f, False)) and this == "roman.equal":
                this = "alias.shared"
            if this != "doc.same_name" and len(_syllables(f, n)) < 2:
                out.append(Link(this, "refused", anchor, n, 0.0, f, (anchor.doc_id, n.doc_id), against="against.single_word"))
                continue
            out.append(Link(this, "linked", anchor, n, R.confidence(this), f"{f} = {z}" if candidates else f,
                            tuple(dict.fromkeys(docs + (anchor.doc_id, n.doc_id)))))
    return out


def _syllables(form: str, node: Node) -> list[str]:
    """The words of the node's romanized name that folds to ``form`` (hyphenated parts count apart)."""
    for text in node.names:
        if rom.is_latin(text) and form in rom.name_forms(text):
            return rom.latin_tokens(text) if form == rom.fold_latin(text) else rom.latin_tokens(text)[1:]
    return []


def cluster(events: Iterable[DetentionEvent]) -> tuple[list[Identity], list[Link]]:
    """Identities of the records, and every link tried (linked or refused)."""
    nodes = nodes_of(events)
    index = {id(n): i for i, n in enumerate(nodes)}
    links = _candidate_links(nodes)
    order = {"linked": 0, "refused": 1}
    links.sort(key=lambda l: (order[l.status], -l.confidence, l.rule, l.a.key, l.b.key if l.b else ""))
    uf = _UnionFind(len(nodes), [set(n.zh) for n in nodes])
    births = {i: n.births for i, n in enumerate(nodes)}

    def against(a: int, b: int) -> str | None:
        if _zh_clash(uf.data[a], uf.data[b]):
            return "against.zh_differs"
        x, y = births[a], births[b]
        if x and y and max(x[0], y[0]) > min(x[1], y[1]):
            return "against.age"
        return None

    for link in links:
        if link.status != "linked" or link.b is None:
            continue
        a, b = uf.find(index[id(link.a)]), uf.find(index[id(link.b)])
        why = against(a, b) if a != b else None
        if why is not None:
            link.status, link.against = "refused", why
            link.detail += (f" ({'/'.join(sorted(uf.data[a]))} vs {'/'.join(sorted(uf.data[b]))})" if why == "against.zh_differs"
                            else f" (born {births[a]} vs {births[b]})")
            continue
        uf.union(a, b, lambda *_: True)
        root, other = uf.find(a), b if uf.find(a) == a else a
        x, y = births[root], births[other]
        births[root] = (max(x[0], y[0]), min(x[1], y[1])) if x and y else (x or y)
    groups: dict[int, Identity] = {}
    for i, n in enumerate(nodes):
        groups.setdefault(uf.find(i), Identity([])).nodes.append(n)
    where = {id(n): groups[uf.find(i)] for i, n in enumerate(nodes)}
    for link in links:
        where[id(link.a)].links.append(link)
    identities = sorted(groups.values(), key=lambda ident: min(n.key for n in ident.nodes))
    log.info("%d nodes -> %d identities (%d links, %d refused)", len(nodes), len(identities),
             sum(l.status == "linked" for l in links), sum(l.status == "refused" for l in links))
    return identities, links
