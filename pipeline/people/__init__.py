"""People across reports: one person, one id, one custody timeline.

    >>> from pipeline.people import link
    >>> summary = link("sqlite:///casefile.db")
    >>> summary.text()

The stage after extraction (``casefile run`` ends with it; ``casefile
link`` runs it alone). It reads the store's reviewed events and writes
``identities``, ``identity_links``, ``steps``, ``step_records`` and
``conflicts``:

- :mod:`~pipeline.people.identity`: evidence for and against "same person"
  and the clustering (rules in ``resources/people/rules.yaml``);
- :mod:`~pipeline.people.romanize`: pinyin, Cantonese and Wade-Giles readings
  of Chinese names;
- :mod:`~pipeline.people.ids`: stable person ids (P000001, ...);
- :mod:`~pipeline.people.steps` and :mod:`~pipeline.people.conflicts`:
  custody steps and where the reports disagree;
- :mod:`~pipeline.people.review`: a researcher's merge and split decisions;
- :mod:`~pipeline.people.timeline`: reading a person back (``casefile person show``,
  exports, the audit page).
"""
from __future__ import annotations

from pipeline.people.stage import LinkSummary, link_store
from pipeline.store import Store, open_store


def link(store: str | Store) -> LinkSummary:
    """Run the people stage over a store (a URL or an open :class:`~pipeline.store.Store`)."""
    if isinstance(store, Store):
        return link_store(store)
    with open_store(store, must_exist=True) as s:
        return link_store(s)


__all__ = ["LinkSummary", "link", "link_store"]
