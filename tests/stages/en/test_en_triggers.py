"""English triggers: every event type in active, passive and nominal form, the
look-alikes that are not events, one record for a specific measure, and cues
that cancel an event (negated, hypothetical, demanded, feared, ongoing).

Mirrors pipeline/stages/en/triggers.py (and resources/en/triggers.yaml, cues.yaml).
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, iso, pairs
from pipeline.records import EVENT_TYPES
from pipeline.stages.en import triggers as T

NAME = "Hu Xinyi"
ON = ("2020-05-02", "day")



FORMS = [
    # text (the person is always Hu Xinyi, the date May 2, 2020), the one event type
    # detained
    ("Police detained Hu Xinyi on May 2, 2020.", "detained"),
    ("Hu Xinyi was detained on May 2, 2020.", "detained"),
    ("The detention of Hu Xinyi on May 2, 2020 drew protests.", "detained"),
    ("Police took Hu Xinyi away on May 2, 2020.", "detained"),
    ("Hu Xinyi was taken away by police on May 2, 2020.", "detained"),
    ("Hu Xinyi was seized by state security agents on May 2, 2020.", "detained"),
    ("Hu Xinyi was taken into custody on May 2, 2020.", "detained"),
    # arrested
    ("Police arrested Hu Xinyi on May 2, 2020.", "arrested"),
    ("Hu Xinyi was formally arrested on May 2, 2020.", "arrested"),
    ("The arrest of Hu Xinyi on May 2, 2020 drew protests.", "arrested"),
    ("Hu Xinyi's arrest on May 2, 2020 drew protests.", "arrested"),
    # rsdl
    ("Police placed Hu Xinyi under residential surveillance at a designated location on May 2, 2020.", "rsdl"),
    ("Police put Hu Xinyi under RSDL on May 2, 2020.", "rsdl"),
    ("Hu Xinyi was placed under RSDL on May 2, 2020.", "rsdl"),
    ("Hu Xinyi was held under RSDL from May 2, 2020.", "rsdl"),
    # disappeared
    ("Authorities forcibly disappeared Hu Xinyi on May 2, 2020.", "disappeared"),
    ("Hu Xinyi was forcibly disappeared on May 2, 2020.", "disappeared"),
    ("Hu Xinyi went missing on May 2, 2020.", "disappeared"),
    ("Hu Xinyi was held in an undisclosed location from May 2, 2020.", "disappeared"),
    ("The enforced disappearance of Hu Xinyi on May 2, 2020 drew protests.", "disappeared"),
    # indicted
    ("Prosecutors indicted Hu Xinyi on May 2, 2020.", "indicted"),
    ("Hu Xinyi was indicted on May 2, 2020.", "indicted"),
    ("The indictment of Hu Xinyi on May 2, 2020 drew protests.", "indicted"),
    # tried
    ("A court tried Hu Xinyi on May 2, 2020.", "tried"),
    ("Hu Xinyi was tried on May 2, 2020.", "tried"),
    ("Hu Xinyi went on trial on May 2, 2020.", "tried"),
    ("Hu Xinyi was put on trial on May 2, 2020.", "tried"),
    ("The trial of Hu Xinyi opened on May 2, 2020.", "tried"),
    ("Hu Xinyi's trial opened on May 2, 2020.", "tried"),
    # sentenced
    ("A court sentenced Hu Xinyi to five years in prison on May 2, 2020.", "sentenced"),
    ("Hu Xinyi was sentenced to five years in prison on May 2, 2020.", "sentenced"),
    ("A court convicted Hu Xinyi of fraud on May 2, 2020.", "sentenced"),
    ("The sentencing of Hu Xinyi to five years in prison on May 2, 2020 drew protests.", "sentenced"),
    # released
    ("Authorities released Hu Xinyi on May 2, 2020.", "released"),
    ("Hu Xinyi was released on May 2, 2020.", "released"),
    ("Hu Xinyi was freed on May 2, 2020.", "released"),
    ("Hu Xinyi was released on bail on May 2, 2020.", "released"),
    ("Hu Xinyi was released from a psychiatric hospital on May 2, 2020.", "released"),
    ("The release of Hu Xinyi on May 2, 2020 was welcomed.", "released"),
    # house_arrest
    ("Police put Hu Xinyi under house arrest on May 2, 2020.", "house_arrest"),
    ("Hu Xinyi was placed under house arrest on May 2, 2020.", "house_arrest"),
    ("The house arrest of Hu Xinyi began on May 2, 2020.", "house_arrest"),  # not also 'arrested'
    # psychiatric
    ("Police sent Hu Xinyi to a psychiatric hospital on May 2, 2020.", "psychiatric"),
    ("Hu Xinyi was forcibly committed to a psychiatric hospital on May 2, 2020.", "psychiatric"),
    ("Hu Xinyi was detained in a psychiatric hospital on May 2, 2020.", "psychiatric"),
    ("The forced psychiatric commitment of Hu Xinyi on May 2, 2020 drew protests.", "psychiatric"),
    # died_in_custody (intransitive: no active form)
    ("Hu Xinyi died in custody on May 2, 2020.", "died_in_custody"),
    ("The death in custody of Hu Xinyi on May 2, 2020 drew protests.", "died_in_custody"),
    ("Hu Xinyi's death in custody on May 2, 2020 drew protests.", "died_in_custody"),
]


@pytest.mark.parametrize("text, event_type", FORMS)
def test_each_type_in_each_form(text, event_type):
    evs = events(text)
    assert pairs(evs) == [(event_type, NAME)]
    assert iso(evs[0]) == ON


def test_forms_cover_every_event_type():
    covered = {p.values[1] if hasattr(p, "values") else p[1] for p in FORMS}
    assert covered == set(EVENT_TYPES)


ONE_RECORD = [
    # a specific measure named with a generic verb is one record of the specific type
    ("Hu Xinyi was detained under residential surveillance at a designated location on May 2, 2020.", "rsdl"),
    ("Hu Xinyi was forcibly disappeared into residential surveillance at a designated location on May 2, 2020.", "rsdl"),
    ("Hu Xinyi was held under house arrest from May 2, 2020.", "house_arrest"),
    ("Hu Xinyi was locked up in a psychiatric hospital on May 2, 2020.", "psychiatric"),
    ("Hu Xinyi was summoned and held for 15 days on May 2, 2020.", "detained"),
]


@pytest.mark.parametrize("text, event_type", ONE_RECORD)
def test_specific_measure_is_one_record(text, event_type):
    assert pairs(events(text)) == [(event_type, NAME)]


NOT_EVENTS = [
    # look-alikes
    "Hu Xinyi tried to leave the country on May 2, 2020.",
    "Hu Xinyi tried in vain to see a lawyer on May 2, 2020.",
    "Police released a video of Hu Xinyi on May 2, 2020.",
    "Police released a statement about Hu Xinyi on May 2, 2020.",
    "Supporters praised detained lawyer Hu Xinyi on May 2, 2020.",
    # negated
    "Hu Xinyi has not been released.",
    "Hu Xinyi was not released on May 2, 2020.",
    "Hu Xinyi has never been tried.",
    "Hu Xinyi was never charged.",
    "Hu Xinyi escaped arrest on May 2, 2020.",
    # demanded
    "Rights groups called for the release of Hu Xinyi.",
    "Lawyers demanded that Hu Xinyi be released.",
    # feared / hypothetical / planned
    "Hu Xinyi is feared to have been disappeared.",
    "Hu Xinyi could be arrested at any time.",
    "Hu Xinyi is at risk of being detained.",
    "If convicted, Hu Xinyi could face ten years in prison.",
    "Hu Xinyi faces trial on charges of fraud.",
    "The court will try Hu Xinyi next month.",
    "Hu Xinyi was due to be released on May 2, 2020.",
    "Hu Xinyi was expected to be tried on May 2, 2020.",
    "Prosecutors are seeking to indict Hu Xinyi.",
    # not custody events (guidelines: harassment, warnings, licences, travel bans, organisations)
    "Police interrogated Hu Xinyi for hours on May 2, 2020.",
    "Hu Xinyi was harassed and warned by police on May 2, 2020.",
    "Hu Xinyi's license was revoked on May 2, 2020.",
    "Hu Xinyi was barred from leaving China on May 2, 2020.",
    "The church led by Hu Xinyi was raided and shut down on May 2, 2020.",
    # ongoing state
    "Hu Xinyi remains detained in Wuhan.",
    "Hu Xinyi is still being held in Wuhan.",
    pytest.param("Police threatened to detain Hu Xinyi on May 2, 2020."),
    pytest.param("Hu Xinyi denied that he was detained."),
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(text):
    assert pairs(events(text)) == []


def test_released_after_serving_is_also_a_sentence():
    evs = events("Hu Xinyi was released on May 2, 2020 after serving a five-year sentence.")
    got = [(e.event_type, iso(e), e.sentence.months if e.sentence else None) for e in evs]
    assert sorted(got, key=str) == sorted([("released", ON, None), ("sentenced", None, 60)], key=str)


def test_demanded_release_does_not_cancel_the_stated_detention():
    text = "Rights groups called for the immediate release of Hu Xinyi, who was detained on May 2, 2020."
    evs = events(text)
    assert pairs(evs) == [("detained", NAME)]
    assert iso(evs[0]) == ON


@pytest.mark.parametrize("text, expected", [
    ("Police detained Hu Xinyi on May 2, 2020. He was released a week later.",
     [("detained", ("2020-05-02", "day")), ("released", ("2020-05-09", "day"))]),
    ("Police detained Hu Xinyi on May 2, 2020. He was released the next day.",
     [("detained", ("2020-05-02", "day")), ("released", ("2020-05-03", "day"))]),
])
def test_released_followed_by_a_time_phrase(text, expected):
    assert [(e.event_type, iso(e)) for e in events(text)] == expected


# --------------------------------------------------------------------------- unit: lexicon and cues

VOICES = [
    # text, trigger text, trigger id, voice
    ("Police detained Hu Xinyi.", "detained", "det.detain", "active"),
    ("Hu Xinyi was detained.", "detained", "det.detain", "passive"),
    ("Hu Xinyi, detained in May, wrote.", "detained", "det.detain", "passive"),
    ("The detention of Hu Xinyi angered many.", "detention of", "det.nominal", "nominal"),
    ("Friends visited detained lawyer Hu Xinyi.", "detained", "det.detain", "adjective"),
    ("Supporters praised detained lawyer Hu Xinyi.", "detained", "det.detain", "adjective"),
    ("Hu Xinyi went on trial.", "went on trial", "tri.went_on_trial", "passive"),
    ("Hu Xinyi was arrested by police.", "arrested", "arr.arrest", "passive"),
    ("Police arrested Hu Xinyi.", "arrested", "arr.arrest", "active"),
]


@pytest.mark.parametrize("text, surface, trigger_id, voice", VOICES)
def test_trigger_voice(text, surface, trigger_id, voice):
    ts = T.find_triggers(text, 0, len(text))
    assert [(t.text, t.value["id"], t.value["voice"]) for t in ts] == [(surface, trigger_id, voice)]
    assert text[ts[0].start:ts[0].end] == ts[0].text


@pytest.mark.parametrize("text", [
    "He tried to leave.",
    "She released a video.",
    "They released the names.",
    "A warrant was issued: an arrest warrant.",
])
def test_no_trigger(text):
    assert T.find_triggers(text, 0, len(text)) == []


@pytest.mark.parametrize("left, cue", [
    ("Hu Xinyi has not been ", "neg.not"),
    ("Hu Xinyi was never ", "neg.not"),
    ("Groups called for the immediate ", "hyp.demand"),
    ("He is feared to have been ", "hyp.feared"),
    ("He could be ", "hyp.possible"),
    ("He is scheduled to be ", "hyp.plan"),
    ("He remains ", "ong.remains"),
    ("He was ", None),
    ("Police ", None),
])
def test_blocking_cue(left, cue):
    assert T.blocking_cue(left) == cue


@pytest.mark.parametrize("left, continuing, cue", [
    ("He remains ", True, None),  # "remains incommunicado": a continuing named measure is the event
    ("She is still ", True, None),
    ("He is currently ", True, None),
    ("He remains ", False, "ong.remains"),  # "remains detained": generic custody, no record
    ("He has not been ", True, "neg.not"),  # negation still blocks a measure
    ("on 12 May and ", False, None),  # the month is no modal
    ("He may be ", False, "hyp.possible"),
])
def test_blocking_cue_continuing(left, continuing, cue):
    assert T.blocking_cue(left, continuing) == cue
