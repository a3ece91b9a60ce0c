"""validate.py reads values the way staging does, from the same declarations (issue 13 item 6,
issue 14 classes 2 and 3): the timestamp formats, zone-name patterns and placeholder tokens are
the dbt vars macros/parsing.sql reads, not a copy."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from supportmetrics import validate
from supportmetrics.contract import load_contract, load_parsing_rules

ROOT = Path(__file__).resolve().parents[2]


def test_parsing_rules_are_the_dbt_vars() -> None:
    project_vars = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
    rules = load_parsing_rules()
    assert list(rules.timestamp_formats) == project_vars["timestamp_formats"]
    assert list(rules.null_tokens) == project_vars["null_tokens"]
    assert rules.timestamp_zone_patterns == project_vars["timestamp_zone_patterns"]
    assert not hasattr(validate, "OTHER_TIMESTAMP_FORMATS")  # no hand-kept copy left
    macros = (ROOT / "macros" / "parsing.sql").read_text()
    assert "var('timestamp_formats')" in macros and "var('null_tokens')" in macros
    assert "var('timestamp_zone_patterns')" in macros


@pytest.mark.parametrize(("raw", "expected"), [
    ("2026-02-07 09:00:00 America/New_York", datetime(2026, 2, 7, 14, 0)),  # EST, UTC-5
    ("2026-07-07 09:00:00 America/New_York", datetime(2026, 7, 7, 13, 0)),  # EDT, UTC-4
    ("2026-02-07 16:00:00 Europe/Berlin", datetime(2026, 2, 7, 15, 0)),
    ("2026-02-07 09:00:00 UTC", datetime(2026, 2, 7, 9, 0)),
    ("2026-02-07T09:00:00Z", datetime(2026, 2, 7, 9, 0)),
    ("2026-02-07 09:00:00+02:00", datetime(2026, 2, 7, 7, 0)),
    ("2026-02-07", datetime(2026, 2, 7, 0, 0)),  # a date alone is midnight UTC
    ("02/05/2026 13:00", datetime(2026, 2, 5, 13, 0)),
    ("1770116400", datetime(2026, 2, 3, 11, 0)),
    ("2026-02-07 09:00:00 CET", None),  # abbreviations and GMT offsets are never guessed
    ("2026-02-07 09:00:00 EST", None),
    ("2026-02-07 09:00:00 GMT+2", None),
    ("2026-02-07 09:00:00 Mars/Olympus", None),
])
def test_timestamps_parse_like_staging(raw: str, expected: datetime | None) -> None:
    parsed = validate.parse_timestamps(validate._text(pd.Series([raw])))[0]
    assert (None if pd.isna(parsed) else parsed.to_pydatetime()) == expected


def test_placeholders_are_missing_unless_the_column_declares_them() -> None:
    raw = pd.Series(["N/A", "null", "None", "NaN", "-", " \t ", "", "x", "n/a"])
    assert validate._text(raw).isna().tolist() == [True] * 7 + [False, True]
    qa = load_contract()["qa_reviews"].column("escalation_assessment")  # declares n/a -> not_applicable
    assert validate._text(pd.Series(["N/A", "NULL"]), qa).isna().tolist() == [False, True]
