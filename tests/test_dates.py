import pytest
from pydantic_core import PydanticCustomError

from cvtool.schema.dates import parse_date, parse_range


@pytest.mark.parametrize(("text", "iso"), [
    (2018, "2018"), ("2018", "2018"), ("2018-08", "2018-08"), ("2018-08-15", "2018-08-15"),
    ("Aug 2018", "2018-08"), ("August 2018", "2018-08"), ("Sept 2018", "2018-09"),
    ("Jul 4, 2022", "2022-07-04"), ("4 Jul 2022", "2022-07-04"), ("present", "present"),
    ("2024-02-29", "2024-02-29"),
])
def test_accepted_forms(text, iso):
    assert parse_date(text).iso() == iso


def test_written_form_is_kept_for_display():
    assert str(parse_date("June 2018")) == "June 2018"
    assert str(parse_date("2018-06")) == "2018-06"


@pytest.mark.parametrize(("text", "message"), [
    ("2018-13", "month 13 is not a month (1-12)"),
    ("2019-02-29", "day 29 does not exist in 2019-02 (it has 28 days)"),
    ("Agu 2018", "`Agu` is not a month name"),
    ("yesterday", "`yesterday` is not a date"),
    ("0999", "year 999 is out of range"),
])
def test_errors_name_what_is_wrong(text, message):
    with pytest.raises(PydanticCustomError) as info:
        parse_date(text)
    assert message in info.value.message()


@pytest.mark.parametrize("text", ["Aug 2018 – Jul 2023", "Aug 2018 - Jul 2023",
                                  "Aug 2018—Jul 2023", "Aug 2018 to Jul 2023",
                                  {"start": "Aug 2018", "end": "Jul 2023"}])
def test_range_forms(text):
    r = parse_range(text)
    assert (r.start.iso(), r.end.iso()) == ("2018-08", "2023-07")


def test_range_with_iso_dates_is_not_split_on_hyphens():
    r = parse_range("2018-08-15")
    assert r.end is None and r.start.iso() == "2018-08-15"


def test_open_range_and_order():
    assert parse_range("2021 - present").end.is_present
    with pytest.raises(PydanticCustomError, match="before"):
        parse_range("2021-05 - 2021-04")
    # Same year at different precision is not "before": 2018 may end in December.
    assert parse_range("2018-08 – 2018").end.iso() == "2018"
