"""Localized dates: written in any language cvtool ships, shown in the language built."""

from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from cvtool.document import build_document
from cvtool.document.dates import format_date, format_dates, present_word, range_separator
from cvtool.errors import DiagnosticsError
from cvtool.loader import load_text
from cvtool.renderers.markdown import render_markdown
from cvtool.schema.dates import LANGUAGES, month_names, parse_date, parse_range

SHIPPED = ("en", "de", "fr", "es", "it", "pt", "zh", "ja", "ko", "ar", "he", "ru")


def test_every_shipped_language_is_known_to_the_parser():
    assert set(SHIPPED) <= set(LANGUAGES)
    named = {lang for name in month_names().values() for lang in name.languages}
    assert named == set(SHIPPED) - {"ja", "ko"}  # their months are numbers: 3月, 3월


# --- parsing -----------------------------------------------------------------------------

MONTHS = [  # (written, ISO, language it is written in)
    ("March 2021", "2021-03", "en"), ("Sept 2020", "2020-09", "en"),
    ("Jul 4, 2022", "2022-07-04", "en"), ("4 Jul 2022", "2022-07-04", "en"),
    ("März 2021", "2021-03", "de"), ("Mai 2019", "2019-05", "de"),
    ("Sept. 2020", "2020-09", "de"), ("15. März 2021", "2021-03-15", "de"),
    ("Marz 2021", "2021-03", "de"),
    ("mars 2021", "2021-03", "fr"), ("févr. 2020", "2020-02", "fr"),
    ("fevrier 2020", "2020-02", "fr"), ("1er juillet 2021", "2021-07-01", "fr"),
    ("marzo 2021", "2021-03", "es"), ("mayo de 2021", "2021-05", "es"),
    ("15 de marzo de 2021", "2021-03-15", "es"), ("sept 2020", "2020-09", "es"),
    ("maggio 2021", "2021-05", "it"), ("set 2020", "2020-09", "it"),
    ("mar. de 2021", "2021-03", "pt"), ("março de 2021", "2021-03", "pt"),
    ("сентябрь 2020", "2020-09", "ru"), ("сентября 2020", "2020-09", "ru"),
    ("сент. 2020", "2020-09", "ru"), ("15 марта 2021 г.", "2021-03-15", "ru"),
    ("مارس 2021", "2021-03", "ar"), ("سبتمبر 2020", "2020-09", "ar"),
    ("מרץ 2021", "2021-03", "he"), ("ספט׳ 2020", "2020-09", "he"),
    ("15 במרץ 2021", "2021-03-15", "he"),
]


@pytest.mark.parametrize(("written", "iso", "lang"), MONTHS)
def test_month_names_in_every_language(written, iso, lang):
    date = parse_date(written)
    assert date.iso() == iso
    assert date.written == written  # kept for `as-written`


def test_every_cldr_month_name_parses():
    """Each shipped language's month names and abbreviations, both contexts (CLDR)."""
    from babel import Locale

    for lang in SHIPPED:
        months = Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for month, name in months[context][width].items():
                    if any(c.isdigit() for c in name):
                        continue  # 3月, 3월: the CJK forms below
                    assert parse_date(f"{name} 2021").month == month, (lang, name)


@pytest.mark.parametrize("word", [
    "present", "Present", "now", "heute", "bis heute", "aujourd'hui", "aujourd’hui",
    "actualidad", "presente", "oggi", "atual", "至今", "現在", "현재", "настоящее время",
    "н. в.", "حتى الآن", "היום",
])
def test_present_in_every_language(word):
    assert parse_date(word).is_present


@pytest.mark.parametrize(("written", "iso"), [
    ("10.2015", "2015-10"), ("03/2021", "2021-03"), ("3/2021", "2021-03"),
    ("2021/03", "2021-03"), ("2021.03", "2021-03"), ("2021. 3.", "2021-03"),
    ("01.02.2021", "2021-02-01"),  # day.month.year, as German writes it
    ("2021/03/15", "2021-03-15"), ("2021.03.15", "2021-03-15"),
    ("2021年3月", "2021-03"), ("2021年3月15日", "2021-03-15"), ("2021年", "2021"),
    ("２０２１年３月", "2021-03"), ("2021년 3월", "2021-03"), ("2021년 3월 15일", "2021-03-15"),
])
def test_numeric_and_cjk_forms(written, iso):
    assert parse_date(written).iso() == iso


@pytest.mark.parametrize(("written", "start", "end"), [
    ("März 2021 – heute", "2021-03", "present"),
    ("März 2021 bis heute", "2021-03", "present"),
    ("Mar 2021 to present", "2021-03", "present"),
    ("mars 2021 à aujourd'hui", "2021-03", "present"),
    ("mayo de 2021 a junio de 2022", "2021-05", "2022-06"),
    ("10.2015 - 03.2018", "2015-10", "2018-03"), ("10.2015-03.2018", "2015-10", "2018-03"),
    ("2019-2021", "2019", "2021"), ("2019—2021", "2019", "2021"),
    ("2021年3月～2023年7月", "2021-03", "2023-07"), ("2021年3月〜現在", "2021-03", "present"),
    ("2021年3月至今", "2021-03", "present"), ("2021年3月 - 至今", "2021-03", "present"),
    ("2019年至2021年", "2019", "2021"), ("2021년 3월 ~ 현재", "2021-03", "present"),
    ("2019 по настоящее время", "2019", "present"), ("2019 – н. в.", "2019", "present"),
    ("2019 עד היום", "2019", "present"), ("مارس 2021 – حتى الآن", "2021-03", "present"),
])
def test_ranges(written, start, end):
    dates = parse_range(written)
    assert dates.end is not None
    assert (dates.start.iso(), dates.end.iso()) == (start, end)


@pytest.mark.parametrize(("written", "message"), [
    ("01/02/2021", "`01/02/2021` is ambiguous (day/month or month/day); write it as "
                   "`2021-02-01`"),
    ("13.2021", "month 13 is not a month (1-12)"),
    ("31.02.2021", "day 31 does not exist in 2021-02"),
    ("2021年13月", "month 13 is not a month"),
    ("Mrz 2021", "`Mrz` is not a month name; did you mean `März` (de)?"),
    ("Agu 2018", "`Agu` is not a month name; did you mean `August`?"),
    ("Setembre 2020", "`Setembre` is not a month name; did you mean `Septembre` (fr)?"),
    ("gestern", "`gestern` is not a date; write `2018`"),
    ("7月 2021", "`7月` is not a month name"),
])
def test_rejects_name_what_is_wrong(written, message):
    with pytest.raises(PydanticCustomError) as info:
        parse_range(written)
    assert message in info.value.message()


def test_a_rejected_date_is_a_located_cv103():
    with pytest.raises(DiagnosticsError) as info:
        load_text("name: A\nsections:\n  Education:\n    - institution: U\n"
                  "      dates: Mrz 2021 – heute\n", "cv.yaml")
    (problem,) = info.value.diagnostics
    assert problem.code == "CV103"
    assert problem.location is not None and problem.location.line == 5
    assert "`Mrz` is not a month name; did you mean `März` (de)?" in problem.format()


def test_month_names_mean_one_month_in_every_language():
    """A name shared by languages (``Mai``, ``mar``) means the same month in each."""
    assert month_names()["mai"].month == 5 and {"de", "fr"} <= set(month_names()["mai"].languages)
    assert month_names()["mar"].month == 3


# --- printing ----------------------------------------------------------------------------

PRINTED = {  # language: (short, long, numeric) of 15 Mar 2021 – present, then of Mar 2021
    "en": ("Mar 2021 – Present", "March 2021 – Present", "2021-03 – Present"),
    "de": ("März 2021 – heute", "März 2021 – heute", "03.2021 – heute"),
    "fr": ("mars 2021 – aujourd’hui", "mars 2021 – aujourd’hui", "03/2021 – aujourd’hui"),
    "es": ("mar 2021 – actualidad", "marzo de 2021 – actualidad", "3/2021 – actualidad"),
    "it": ("mar 2021 – oggi", "marzo 2021 – oggi", "03/2021 – oggi"),
    "pt": ("mar. de 2021 – atual", "março de 2021 – atual", "03/2021 – atual"),
    "zh": ("2021年3月 – 至今", "2021年3月 – 至今", "2021/3 – 至今"),
    "ja": ("2021年3月～現在", "2021年3月～現在", "2021/03～現在"),
    "ko": ("2021년 3월~현재", "2021년 3월~현재", "2021. 3.~현재"),
    "ar": ("مارس 2021 – حتى الآن", "مارس 2021 – حتى الآن", "3\u200f/2021 – حتى الآن"),
    "he": ("מרץ 2021 – היום", "מרץ 2021 – היום", "3.2021 – היום"),
    "ru": ("март 2021\u202fг. — настоящее время", "март 2021\u202fг. — настоящее время",
           "03.2021 — настоящее время"),
}


@pytest.mark.parametrize("lang", SHIPPED)
def test_printing_in_every_language(lang):
    dates = parse_range("2021-03 – present")
    short, long, numeric = PRINTED[lang]
    assert format_dates(dates, "short", lang) == short
    assert format_dates(dates, "long", lang) == long
    assert format_dates(dates, "numeric", lang) == numeric


@pytest.mark.parametrize(("lang", "short", "long", "numeric"), [
    ("en", "Mar 15, 2021", "March 15, 2021", "2021-03-15"),
    ("de", "15. März 2021", "15. März 2021", "15.03.2021"),
    ("fr", "15 mars 2021", "15 mars 2021", "15/03/2021"),
    ("es", "15 mar 2021", "15 de marzo de 2021", "15/3/2021"),
    ("zh", "2021年3月15日", "2021年3月15日", "2021/3/15"),
    ("ja", "2021年3月15日", "2021年3月15日", "2021/03/15"),
    ("ko", "2021년 3월 15일", "2021년 3월 15일", "2021. 3. 15."),
    ("ru", "15 мар. 2021\u202fг.", "15 марта 2021\u202fг.", "15.03.2021"),
])
def test_days_in_the_locales_order(lang, short, long, numeric):
    day = parse_date("2021-03-15")
    assert [format_date(day, s, lang) for s in ("short", "long", "numeric")] == [
        short, long, numeric]


def test_english_output_is_as_before():
    """What cvtool printed before it knew languages, byte for byte."""
    assert format_dates(parse_range("Aug 2018 – present"), "as-written", "en") == \
        "Aug 2018 – Present"
    assert format_dates(parse_range("2018-08 – 2023-07"), "as-written", "en") == \
        "Aug 2018 – Jul 2023"
    assert format_dates(parse_range("2018-09-01 – 2019"), "long", "en") == \
        "September 1, 2018 – 2019"
    assert range_separator("en") == " – "


def test_regions_scripts_and_unknown_tags():
    dates = parse_range("2021-03 – present")
    assert format_dates(dates, "short", "pt-BR") == "mar. de 2021 – atual"
    assert format_dates(dates, "short", "de-AT") == "März 2021 – heute"
    assert format_dates(dates, "short", "zh-Hant") == "2021年3月 – 至今"  # not 至至今
    assert format_dates(dates, "short", "xx") == "Mar 2021 – Present"  # CLDR lacks it
    assert present_word("pt-BR") == "atual"


def test_as_written_is_short_when_the_cv_has_several_languages():
    dates = parse_range("März 2021 – heute")
    assert format_dates(dates, "as-written", "en") == "März 2021 – heute"
    assert format_dates(dates, "as-written", "en", multilingual=True) == "Mar 2021 – Present"
    assert format_dates(dates, "as-written", "de", multilingual=True) == "März 2021 – heute"
    assert format_dates(parse_range("10.2015 – 2021年3月"), "as-written", "fr",
                        multilingual=True) == "oct. 2015 – mars 2021"
    # an explicit style is the same with one language or several
    assert format_dates(dates, "long", "en", multilingual=True) == "March 2021 – Present"


def test_the_document_knows_a_multilingual_cv_by_its_languages():
    from cvtool.document import _multilingual

    assert not _multilingual(load_text("lang: de\nname: A\n", "cv.yaml").cv)
    assert not _multilingual(load_text("languages: [de]\nname: A\n", "cv.yaml").cv)
    assert _multilingual(load_text("languages: [en, de]\nname: A\n", "cv.yaml").cv)


def _markdown(text: str) -> str:
    return render_markdown(build_document(load_text(text, "cv.yaml").cv)).decode()


CV = """name: A
{head}sections:
  Experience:
    - organization: Acme
      position: Engineer
      dates: {dates}
"""


def test_a_german_cv_with_long_dates():
    out = _markdown(CV.format(head="lang: de\ndesign: {dates: long}\n",
                              dates="2021-03 – present"))
    assert "März 2021 – heute" in out


def test_a_german_date_in_an_english_cv():
    written = CV.format(head="", dates="März 2021 – heute")
    assert "März 2021 – heute" in _markdown(written)  # one language: as written
    reformatted = _markdown(CV.format(head="design: {dates: short}\n",
                                      dates="März 2021 – heute"))
    assert "Mar 2021 – Present" in reformatted and "März" not in reformatted


def test_publication_dates_follow_the_language():
    out = _markdown("name: A\nlang: fr\ndesign: {dates: long}\nsections:\n  Publications:\n"
                    "    - title: T\n      authors: [A]\n      date: 2021-03\n")
    assert "mars 2021" in out



def test_mixed_date_styles_in_digits_and_names():
    """CV414 knows how a date was written in any language (it used to fail on `10.2015`)."""
    from cvtool.lint import lint_loaded

    text = ("name: A\nlang: de\nsections:\n  Experience:\n"
            "    - {organization: A, position: P, dates: 10.2015 – 03.2018}\n"
            "    - {organization: B, position: P, dates: 04.2014 – 09.2015}\n"
            "    - {organization: C, position: P, dates: Sept. 2012 – Januar 2014}\n")
    mixed = [d for d in lint_loaded(load_text(text, "cv.yaml")) if d.code == "CV414"]
    assert [d.location.line for d in mixed if d.location] == [7, 7]
    assert "write `09.2012`" in mixed[0].format()
