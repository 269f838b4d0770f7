"""The other kinds of entry a CV holds: awards to grants to students.

Each accepts the field names people use for it (``ALIASES``), a bare string for its main
field (``- Best Paper Award``) and a ``- Label: text`` pair (the label becomes the main
field, the text its description), so that whatever shape a person types under any title
is read as that kind. Which kind a section holds follows from these fields: see
:mod:`cvtool.schema.inference`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from cvtool.schema.common import Date, Dates, Markup, RequiredMarkup, Text, TextList, Url
from cvtool.schema.entries import Entry, Record

# `$1.2M`, `€ 50,000`, `USD 500,000`, `500 000 EUR`, `CHF 1.5 million`: a currency sign or
# an ISO 4217 code before or after the number.
_CURRENCY = re.compile(r"[$€£¥₹₩₽₪¢]|\b[A-Z]{3}\b|\b(?:dollars?|euros?|pounds?|yen|francs?)\b",
                       re.IGNORECASE)
CEFR_LEVELS = {"A1": "Beginner", "A2": "Elementary", "B1": "Intermediate",
               "B2": "Upper intermediate", "C1": "Advanced", "C2": "Proficient"}


def has_currency(amount: str) -> bool:
    """Whether an amount names its currency (lint asks for one: $ or € differ tenfold)."""
    return bool(_CURRENCY.search(amount))


class Award(Record):
    """A prize, honour, scholarship or fellowship."""

    PRIMARY: ClassVar[str] = "title"
    PAIR: ClassVar[str] = "awarder"
    ALIASES: ClassVar[dict[str, str]] = {"name": "title", "issuer": "awarder",
                                         "awarded_by": "awarder", "from": "awarder",
                                         "dates": "date", "summary": "description"}

    title: RequiredMarkup = Field(description="The award.", examples=["Best Paper Award"])
    awarder: str | None = Field(None, description="Who gave it.", examples=["CVPR 2023"])
    date: Dates | None = Field(None, description="When it was given.", examples=["Jun 2023"])
    amount: str | None = Field(None, description="Prize money, with its currency.",
                               examples=["$10,000"])


class Certification(Record):
    """A certificate or licence."""

    PRIMARY: ClassVar[str] = "name"
    PAIR: ClassVar[str] = "issuer"
    ALIASES: ClassVar[dict[str, str]] = {"title": "name", "authority": "issuer",
                                         "organization": "issuer", "dates": "date",
                                         "expiry": "expires", "credential_id": "id",
                                         "license_number": "id"}

    name: RequiredMarkup = Field(description="The certificate.",
                                 examples=["AWS Certified Machine Learning – Specialty"])
    issuer: str | None = Field(None, description="Who issued it.",
                               examples=["Amazon Web Services"])
    date: Date | None = Field(None, description="When it was issued.", examples=["Mar 2024"])
    expires: Date | None = Field(None, description="When it expires (lint warns once it has).",
                                 examples=["Mar 2027"])
    id: str | None = Field(None, description="Credential id or licence number.",
                           examples=["MLS-C01-12345"])
    url: Url | None = Field(None, description="Where it can be verified.",
                            examples=["https://www.credly.com/badges/0000"])


class Language(Record):
    """A language spoken, and how well: free text, a CEFR level (A1–C2) or native."""

    PRIMARY: ClassVar[str] = "language"
    PAIR: ClassVar[str] = "fluency"
    ALIASES: ClassVar[dict[str, str]] = {"name": "language", "proficiency": "fluency"}

    language: Text = Field(description="The language.", examples=["German"])
    fluency: str | None = Field(None, description="Free text, a CEFR level (A1–C2) or native.",
                                examples=["C1", "Native", "Professional working proficiency"])


class Talk(Record):
    """An invited talk, a keynote, a conference presentation."""

    PRIMARY: ClassVar[str] = "title"
    PAIR: ClassVar[str] = "event"
    ALIASES: ClassVar[dict[str, str]] = {"venue": "event", "conference": "event",
                                         "dates": "date"}

    title: RequiredMarkup = Field(description="The talk's title.",
                                  examples=["Shortcut Learning in Vision Models"])
    event: str | None = Field(None, description="Where it was given: event or host.",
                              examples=["Google Research, Vision Seminar"])
    date: Dates | None = Field(None, description="When.", examples=["May 2023"])
    invited: bool = Field(False, description="An invited talk (shown as such).",
                          examples=[True])


class Teaching(Record):
    """A course taught or assisted."""

    PRIMARY: ClassVar[str] = "course"
    PAIR: ClassVar[str] = "role"
    ALIASES: ClassVar[dict[str, str]] = {"title": "course", "position": "role",
                                         "university": "institution", "term": "terms",
                                         "students": "enrollment"}

    course: RequiredMarkup = Field(description="The course.",
                                   examples=["CSC 249/449 Machine Vision"])
    role: str | None = Field(None, description="Instructor, teaching assistant, ...",
                             examples=["Teaching Assistant"])
    institution: str | None = Field(None, description="Where.",
                                    examples=["University of Rochester"])
    dates: Dates | None = Field(None, description="When (or give `terms`).",
                                examples=["2019 – 2021"])
    terms: TextList = Field(default_factory=list, description="Terms taught, as written.",
                            examples=[["Fall 2019", "Spring 2021"]])
    enrollment: int | str | None = Field(None, description="Number of students.",
                                         examples=[120])


class Grant(Record):
    """Funding won: a grant, a fellowship with a budget, compute credits."""

    PRIMARY: ClassVar[str] = "title"
    PAIR: ClassVar[str] = "funder"
    ALIASES: ClassVar[dict[str, str]] = {"agency": "funder", "sponsor": "funder",
                                         "awarder": "funder", "date": "dates"}

    title: RequiredMarkup = Field(description="The grant or project funded.",
                                  examples=["Robust Visual Recognition"])
    funder: str | None = Field(None, description="Who funds it.",
                               examples=["National Science Foundation"])
    role: str | None = Field(None, description="PI, co-PI, senior personnel, ...",
                             examples=["co-PI"])
    amount: str | None = Field(None, description="The amount, with its currency.",
                               examples=["USD 500,000"])
    dates: Dates | None = Field(None, description="Period of the award.",
                                examples=["2022 – 2025"])
    number: str | None = Field(None, description="Award number.", examples=["IIS-1234567"])

    @field_validator("amount", mode="before")
    @classmethod
    def _amount_text(cls, value: Any) -> Any:
        """``amount: 500000`` is read as text (lint then asks for its currency)."""
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) \
            else value


class Supervision(Record):
    """A student supervised or mentored, and where they went."""

    PRIMARY: ClassVar[str] = "name"
    PAIR: ClassVar[str] = "level"
    ALIASES: ClassVar[dict[str, str]] = {"student": "name", "degree": "level",
                                         "placement": "now", "now_at": "now",
                                         "date": "dates"}

    name: Text = Field(description="The student.", examples=["Jane Doe"])
    level: str | None = Field(None, description="PhD, MSc, undergraduate, intern, ...",
                              examples=["PhD"])
    dates: Dates | None = Field(None, description="When.", examples=["2021 – 2024"])
    thesis: Markup | None = Field(None, description="Thesis or project title.",
                                  examples=["Fair Representations for Vision"])
    now: str | None = Field(None, description="Where they went next.",
                            examples=["Research Scientist, Google DeepMind"])


class Patent(Record):
    """A patent or application; the CV's owner is set in bold among the inventors."""

    PRIMARY: ClassVar[str] = "title"
    ALIASES: ClassVar[dict[str, str]] = {"patent_number": "number", "authors": "inventors",
                                         "dates": "date"}

    title: RequiredMarkup = Field(description="The patent's title.",
                                  examples=["System for Detecting Dataset Bias"])
    number: str | None = Field(None, description="Patent or application number.",
                               examples=["US 11,234,567 B2"])
    status: str | None = Field(None, description="Granted, pending, filed, ...",
                               examples=["Granted"])
    date: Dates | None = Field(None, description="Filing or grant date.", examples=["2024-03"])
    inventors: TextList = Field(default_factory=list, description="In order.",
                                examples=[["Zhiheng Li", "Chenliang Xu"]])


class Membership(Record):
    """Membership of a society, a committee, a board."""

    PRIMARY: ClassVar[str] = "organization"
    PAIR: ClassVar[str] = "role"
    ALIASES: ClassVar[dict[str, str]] = {"society": "organization", "position": "role",
                                         "date": "dates"}

    organization: RequiredMarkup = Field(description="The body.", examples=["IEEE"])
    role: str | None = Field(None, description="Member, senior member, chair, ...",
                             examples=["Student Member"])
    dates: Dates | None = Field(None, description="Since when, or when.",
                                examples=["2019 – present"])


class Reference(Record):
    """Someone who will speak for you; or a line such as "Available on request"."""

    PRIMARY: ClassVar[str] = "name"
    PAIR: ClassVar[str] = "relation"
    ALIASES: ClassVar[dict[str, str]] = {"position": "relation", "title": "relation",
                                         "reference": "description"}

    name: Text = Field(description="The referee, or a whole line such as "
                       "`Available on request`.", examples=["Prof. Chenliang Xu"])
    relation: str | None = Field(None, description="Who they are to you.",
                                 examples=["Ph.D. advisor, University of Rochester"])
    contact: Markup | None = Field(None, description="How to reach them.",
                                   examples=["chenliang.xu@rochester.edu"])


class Interest(Record):
    """An interest, with keywords if it has several."""

    PRIMARY: ClassVar[str] = "name"
    PAIR: ClassVar[str] = "keywords"
    ALIASES: ClassVar[dict[str, str]] = {"label": "name", "items": "keywords"}

    name: RequiredMarkup = Field(description="The interest.", examples=["Generative AI"])
    keywords: TextList = Field(default_factory=list, description="Its parts.",
                               examples=[["video generation", "data curation"]])

    @model_validator(mode="before")
    @classmethod
    def _list_pair(cls, data: Any) -> Any:
        """``- Research: [vision, fairness]`` names an interest and its keywords."""
        if isinstance(data, dict) and len(data) == 1:
            ((key, value),) = data.items()
            if isinstance(key, str) and key not in cls.model_fields and isinstance(value, list):
                return {"name": key, "keywords": value}
        return data


class Volunteering(Entry):
    """Volunteer work: an organization, the position held and what was done."""

    PRIMARY: ClassVar[str] = "organization"
    PAIR: ClassVar[str] = "position"
    ALIASES: ClassVar[dict[str, str]] = {"role": "position", "date": "dates"}

    organization: RequiredMarkup = Field(description="Who it was for.",
                                         examples=["Black in AI"])
    position: str | None = Field(None, description="The role.", examples=["Mentor"])
    url: Url | None = Field(None, description="The organization's page.",
                            examples=["https://blackinai.github.io"])
