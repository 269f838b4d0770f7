"""Design options are declared once (cvtool.schema.design) with types, ranges and units, and
the CV's design, a variant's design and theme.toml's [options]/[floors] all use them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cvtool.cli import main
from cvtool.errors import CvtoolError, DiagnosticsError
from cvtool.fit import length_px
from cvtool.loader import load, load_text
from cvtool.pipeline import prepare, render
from cvtool.renderers.latex import _length
from cvtool.schema.cv import Design
from cvtool.schema.design import DEFAULTS, DesignOptions, length_mm, length_pt, split_length
from cvtool.schema.jsonschema import json_schema
from cvtool.schema.variants import DesignOverrides
from cvtool.themes import ThemeOptions


def problems(text: str) -> list[str]:
    with pytest.raises(DiagnosticsError) as info:
        load_text(text, "cv.yaml")
    return info.value.messages()


def test_one_model_for_every_place():
    for model in (Design, DesignOverrides, ThemeOptions):
        assert issubclass(model, DesignOptions)
        for name, field in DesignOptions.model_fields.items():
            assert model.model_fields[name].metadata == field.metadata, (model, name)
    assert set(Design.model_fields) - set(DesignOptions.model_fields) == {
        "theme", "page_size", "dates", "missing_glyphs", "colors"}
    assert set(DesignOverrides.model_fields) - set(DesignOptions.model_fields) == {
        "theme", "page_size"}


@pytest.mark.parametrize(("value", "message"), [
    ("500mm", "must be at most 50mm; got 500mm"),
    ("2in", "must be at most 50mm; got 2in"),
    ("5.1cm", "must be at most 50mm; got 5.1cm"),
    ("4.9mm", "must be at least 5mm; got 4.9mm"),
    ("0.1in", "must be at least 5mm; got 0.1in"),
    ("10pt", "must be at least 5mm; got 10pt"),
])
def test_margins_out_of_range_are_located(value, message):
    assert problems(f"name: Ada\ndesign: {{margins: {value}}}\n") == [
        f"cv.yaml:2:19: error[CV105]: design.margins: {message}"]
    text = f"name: Ada\nvariants:\n  r:\n    design:\n      margins: {value}\n"
    assert problems(text) == [f"cv.yaml:5:16: error[CV105]: variants.r.design.margins: {message}"]


@pytest.mark.parametrize("value", ["5mm", "50mm", "0.7in", "1cm", "36pt", "18mm"])
def test_margins_in_range_are_accepted(value):
    assert load_text(f"name: Ada\ndesign: {{margins: {value}}}\n", "cv.yaml").cv.design.margins \
        == value


@pytest.mark.parametrize("value", ["18", "18 mm", "18px", "-18mm", "1e2mm", "18mm;x"])
def test_malformed_length_is_the_same_error_in_cv_and_variant(value):
    expected = f"`{value}` is not a length such as 18mm or 0.7in"
    assert problems(f'name: Ada\ndesign: {{margins: "{value}"}}\n') == [
        f"cv.yaml:2:19: error[CV108]: design.margins: {expected}"]
    assert problems(f'name: Ada\nvariants:\n  r:\n    design: {{margins: "{value}"}}\n') == [
        f"cv.yaml:4:23: error[CV108]: variants.r.design.margins: {expected}"]


def test_variant_colour_and_sizes_share_the_cv_messages():
    text = ("name: Ada\nvariants:\n  r:\n    design: {accent: red, font_size: 40, "
            "line_height: 0.5}\n")
    assert problems(text) == [
        "cv.yaml:4:22: error[CV108]: variants.r.design.accent: `red` is not a colour; "
        "write #rgb or #rrggbb",
        "cv.yaml:4:38: error[CV105]: variants.r.design.font_size: must be at most 14; "
        "got the number 40",
        "cv.yaml:4:55: error[CV105]: variants.r.design.line_height: must be at least 1; "
        "got the number 0.5",
    ]


def test_lint_json_reports_a_huge_margin(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text("name: Ada\ndesign: {margins: 500mm}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(source)])
    assert result.exit_code == 1
    diagnostic = json.loads(result.stdout)["diagnostics"][0]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("CV105", 2, 19)


@pytest.mark.parametrize("table", ["options", "floors"])
def test_theme_toml_options_have_the_same_ranges(tmp_path, table):
    theme = tmp_path / "wide"
    theme.mkdir()
    (theme / "theme.toml").write_text(
        f'name = "wide"\ndescription = "x"\nextends = "classic"\n[{table}]\nmargins = "500mm"\n')
    source = tmp_path / "cv.yaml"
    source.write_text("name: X\ndesign: {theme: ./wide}\n")
    with pytest.raises(CvtoolError,
                       match=rf"theme.toml:5:1: error\[CV113\]: {table}.margins: must be at most "
                             "50mm"):
        prepare(load(source))


def test_lengths_are_read_in_one_place():
    assert split_length("0.7in") == ("0.7", "in")
    assert length_mm("2.54cm") == pytest.approx(25.4)
    assert length_pt("1in") == pytest.approx(72)
    assert length_px("1in") == pytest.approx(96)
    assert _length("18mm") == "18mm" and _length("10pt") == "10bp"
    with pytest.raises(ValueError):
        split_length("18px")


def test_defaults_are_within_the_ranges_and_reach_the_output():
    assert DesignOptions.model_validate(DEFAULTS.model_dump()) == DEFAULTS
    tex = render(prepare(load_text("name: Ada\ndesign: {margins: 0.7in}\n", "x.yaml")),
                 "tex").decode()
    assert "margin=0.7in" in tex


def test_json_schema_states_ranges_and_units():
    design = json_schema()["$defs"]["Design"]["properties"]
    margins = design["margins"]["anyOf"][0]
    assert margins["pattern"] == r"^(\d+(?:\.\d+)?)(mm|cm|in|pt)$"
    assert "5mm to 50mm" in design["margins"]["description"]
    assert design["font_size"]["anyOf"][0]["maximum"] == 14
