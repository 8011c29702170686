"""Coded errors, so a user can look a failure up and a test can assert on it.

E0xx resources, E1xx input documents, E2xx stores, E30x the review app, E31x batch engines.
Within E1xx: E101-E107 reading any file, E110-E118 formats (PDF, Word, HTML,
parse limits, OCR), E180 worker deaths, E199 a stage's bug.
"""
from __future__ import annotations

CATALOGUE = {
    "E001": "a resource file could not be read or parsed",
    "E002": "a resource entry failed validation",
    "E003": "a resource file is inconsistent (duplicate ids, unknown references)",
    "E101": "the input file could not be read",
    "E102": "the input file is empty",
    "E103": "the input file looks binary",
    "E104": "the input file's encoding could not be determined",
    "E105": "the input file is larger than the size limit",
    "E106": "another input in the same run has the same document id (file name)",
    "E107": "a file in a folder is of a type casefile does not read (a skipped row, not an error)",
    "E110": "the PDF has no text layer (a scan): it needs OCR",
    "E111": "the PDF is corrupt or truncated",
    "E112": "the PDF is encrypted",
    "E113": "the Word file (.docx) is corrupt or not a .docx",
    "E114": "the HTML page could not be parsed",
    "E115": "parsing the document (with --ocr, OCR of all its pages) went past its time limit (--parse-timeout)",
    "E116": "the file is nested too deeply to parse",
    "E117": "OCR was asked for (--ocr) but tesseract, pdftoppm or a tesseract language is not installed",
    "E118": "OCR of a PDF page failed (the rasterizer or tesseract gave an error)",
    "E180": "worker died: the document killed every worker process that read it",
    "E199": "an internal error in a stage (a bug: please report it)",
    "E201": "the store could not be opened",
    "E202": "the store was made by an incompatible version of casefile",
    "E203": "no event with this id in the store",
    "E204": "an edit does not give a valid record",
    "E205": "no person with this id or name in the store (casefile link makes them)",
    "E206": "a person decision does not apply",
    "E207": "the event changed since it was shown (re-extracted, or decided elsewhere); nothing was written",
    "E208": "no decision to undo on this event",
    "E301": "the review app refuses to listen beyond loopback without a token (--token or CASEFILE_TOKEN)",
    "E311": "the batch engine could not be set up",
    "E312": "a worker process died while the document was in flight (it is not stored)",
    "E313": "the Dask scheduler could not be reached, or went away",
}


class CasefileError(Exception):
    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code} {CATALOGUE.get(code, 'error')}: {detail}" if detail else f"{code} {CATALOGUE.get(code, 'error')}")


class ResourceError(CasefileError):
    pass


class InputError(CasefileError):
    pass
