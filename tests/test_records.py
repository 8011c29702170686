import pytest
from pydantic import ValidationError

from pipeline.records import DateValue, DetentionEvent, Evidence, Person, SentenceTerm, json_schema


def _event(**kw):
    base = dict(
        doc_id="d",
        event_type="detained",
        person=Person(name="Wang Lin"),
        evidence=Evidence(start=0, end=5, text="Wang "),
        confidence=0.5,
    )
    base.update(kw)
    return DetentionEvent(**base)


@pytest.mark.parametrize(
    "iso,precision,ok",
    [("2020-02-06", "day", True), ("2020-02", "month", True), ("2020", "year", True),
     ("2020-02", "day", False), ("2020-13", "month", False), ("20-02-01", "day", False)],
)
def test_date_precision_must_match_iso(iso, precision, ok):
    if ok:
        assert DateValue(iso=iso, precision=precision).iso == iso
    else:
        with pytest.raises(ValidationError):
            DateValue(iso=iso, precision=precision)


def test_records_are_frozen_and_reject_extra_fields():
    ev = _event()
    with pytest.raises(ValidationError):
        ev.event_type = "arrested"
    with pytest.raises(ValidationError):
        Person(name="x", nickname="y")


def test_sentence_only_on_sentenced_events():
    with pytest.raises(ValidationError):
        _event(sentence=SentenceTerm(months=12))
    assert _event(event_type="sentenced", sentence=SentenceTerm(kind="life")).to_output()["sentence"]["kind"] == "life"


def test_evidence_length_must_match_offsets():
    with pytest.raises(ValidationError):
        Evidence(start=0, end=3, text="ab")


def test_event_id_is_stable_and_depends_on_identity():
    a, b = _event(), _event(confidence=0.9)
    assert a.event_id == b.event_id
    assert a.event_id != _event(event_type="arrested").event_id


def test_output_follows_guidelines_shape():
    out = _event(event_type="sentenced", sentence=SentenceTerm(months=33)).to_output()
    assert out["sentence"]["months"] == 33
    assert set(out) >= {"doc_id", "event_type", "person", "date", "location", "charges", "sentence", "evidence"}
    assert out["evidence"] == {"start": 0, "end": 5, "text": "Wang "}


def test_schema_lists_all_event_types():
    schema = json_schema()
    assert "detained" in str(schema) and "died_in_custody" in str(schema)
