"""Cover letters: a short YAML file beside a CV, whose header, theme and language it shares.

```yaml
cv: cv.yaml
to: [Hiring Committee, Example Corp, 1 Main Street, Springfield]
date: 2026-12-01
subject: Application for Senior Applied Scientist
salutation: Dear Hiring Committee,
body: |
  First paragraph, with **markup** and [links](https://example.org).

  Second paragraph.
closing: Sincerely,
```
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from cvtool.schema.common import Date, RequiredMarkup, Strict, Text

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _check_cv_path(value: str) -> str:
    """A letter reads its CV from its own folder only (as a CV reads its photo and .bib
    files from its own): no URLs, no absolute paths, no `..`."""
    if _SCHEME.match(value) or value.startswith(("/", "\\", "~")) or ".." in value.split("/"):
        raise PydanticCustomError(
            "cv_url", "`{path}` is refused: the CV must be a relative path inside the letter's "
            "folder (no URLs, no absolute paths, no `..`)", {"path": value[:80]})
    return value


CvPath = Annotated[str, AfterValidator(_check_cv_path)]

LANG_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs: separated by blank lines, each one's lines joined."""
    blocks = re.split(r"\n[ \t]*\n", body.strip())
    return [" ".join(line.strip() for line in block.splitlines() if line.strip())
            for block in blocks if block.strip()]


class LetterDesign(Strict):
    """What a letter may change of its CV's design: the theme."""

    theme: str | None = Field(
        None, description="Theme for the letter instead of the CV's (or its variant's).",
        examples=["modern"])


class Letter(Strict):
    """A cover letter: the CV's header, then date, recipient, subject, salutation, body,
    closing and the CV's name as the signature."""

    cv: CvPath = Field(
        description="The CV whose header, theme and language the letter uses: a relative "
        "path inside the letter's folder.", examples=["cv.yaml"])
    to: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The recipient's address, one line each.",
        examples=[["Hiring Committee", "Example Corp", "1 Main Street", "Springfield"]])
    date: Date = Field(description="The letter's date, shown in the CV's language.",
                       examples=["2026-12-01"])
    subject: RequiredMarkup = Field(
        description="The subject line, set in bold.",
        examples=["Application for Senior Applied Scientist"])
    salutation: RequiredMarkup = Field(description="The greeting.",
                                       examples=["Dear Hiring Committee,"])
    body: RequiredMarkup = Field(
        description="The letter's text, with inline markup; paragraphs separated by blank "
        "lines.", examples=["First paragraph.\n\nSecond paragraph."])
    closing: RequiredMarkup = Field(description="The words before the signature.",
                                    examples=["Sincerely,"])
    variant: str | None = Field(
        None, description="A variant of the CV (from its `variants:`) whose headline and "
        "design the header uses.", examples=["resume"])
    lang: str | None = Field(
        None, pattern=LANG_TAG, description="One of the CV's `languages:`; by default its "
        "first.", examples=["de"])
    max_pages: int = Field(
        1, ge=1, le=10, description="Fit the PDF into this many pages, tightening type and "
        "spacing within the theme's floors.", examples=[1])
    design: LetterDesign = Field(
        default_factory=LetterDesign, description="Design changes for the letter.",
        examples=[{"theme": "modern"}])
