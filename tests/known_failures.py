"""Known failures of the learned event scorer on the project's own example sentences.

Each entry is a test that states the right answer; the event scorer (trained on
the annotated corpus, thresholds chosen by cross-validation) currently keeps a
widened pairing there that the rule linker had rejected (or, for a case list,
keeps a step the rules dropped; or its place chooser guesses a place the
example says should stay empty). They run as strict xfails: when a better
model gets one right, the suite says so and the entry must go. See
models/event-scorer/README.md, "Known failures".
"""

REASON = "event scorer keeps a widened pairing the rules rejected, or guesses a place (models/event-scorer/README.md: known failures)"

KNOWN_FAILURES = frozenset({
    'tests/stages/en/test_en_link.py::test_event_location[place-describing-person]',
    'tests/stages/en/test_en_link.py::test_people_of_an_event[named-speaker-unnamed-victims]',
    'tests/stages/en/test_en_link.py::test_people_of_an_event[possessor-is-not-the-person]',
    'tests/stages/en/test_en_report_styles.py::test_case_list_entries_take_the_person_their_entry_opens_with',
    'tests/stages/en/test_en_triggers.py::test_not_an_event[Hu Xinyi tried in vain to see a lawyer on May 2, 2020.]',
    'tests/stages/zh/test_zh_reports.py::test_report[heading-date-scopes-over-the-sentence]',
})
