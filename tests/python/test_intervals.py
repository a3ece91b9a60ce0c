"""The interval macros (macros/intervals.sql), compiled by dbt and evaluated by DuckDB, against
bounds computed by hand (z = 1.96, z^2 = 3.8416; docs/decision-methods.md).

Wilson, s successes of n: (s + z^2/2 -/+ z sqrt(s (n - s)/n + z^2/4)) / (n + z^2)
- 8/10: centre (8 + 1.9208) / 13.8416 = 0.7167; half 1.96 sqrt(1.6 + 0.9604) / 13.8416 = 0.2266
  -> 0.4902 .. 0.9433
- 0/10: centre 1.9208 / 13.8416 = 0.1388 = half -> 0 .. 0.2775
- 10/10: mirror of 0/10 -> 0.7225 .. 1
- 45/50: centre 46.9208 / 53.8416 = 0.8715; half 1.96 sqrt(4.5 + 0.9604) / 53.8416 = 0.0851
  -> 0.7864 .. 0.9565
- n = 0 -> null, null
Normal mean 4.2, sd 1.1, n 25: 4.2 -/+ 1.96 * 1.1 / 5 = 4.2 -/+ 0.4312 -> 3.7688 .. 4.6312;
  n = 1 -> null
Newcombe method 10, 56/70 - 48/80 (Newcombe 1998, example (b)): p1 0.8, p2 0.6;
  Wilson(56/70) = 0.6904 .. 0.8767, Wilson(48/80) = 0.4905 .. 0.7000;
  lower 0.2 - sqrt((0.8 - 0.6904)^2 + (0.7000 - 0.6)^2) = 0.0524,
  upper 0.2 + sqrt((0.8767 - 0.8)^2 + (0.6 - 0.4905)^2) = 0.3339
Newcombe 8/10 - 6/10: Wilson(6/10) = 0.3127 .. 0.8318;
  lower 0.2 - sqrt(0.3098^2 + 0.2318^2) = -0.1870, upper 0.2 + sqrt(0.1433^2 + 0.2873^2) = 0.5211
Welch, 4.2 (sd 1.1, n 25) - 3.9 (sd 1.3, n 36): se sqrt(1.21/25 + 1.69/36) = sqrt(0.0484 + 0.046944)
  = 0.30878; 0.3 -/+ 1.96 * 0.30878 -> -0.3052 .. 0.9052; n1 = 1 -> null
Normal from an estimate and its variance: 0.1 -/+ 1.96 * sqrt(0.0025) = 0.1 -/+ 1.96 * 0.05
  = 0.1 -/+ 0.098 -> 0.0020 .. 0.1980
Binomial standard error of p = 0.1 over n = 100: sqrt(0.1 * 0.9 / 100) = sqrt(0.0009) = 0.0300;
  n = 0 -> null
MOVER change 5 (3 .. 8) - 2 (1 .. 6): lower 3 - sqrt((5 - 3)^2 + (6 - 2)^2) = 3 - sqrt(20) = -1.4721,
  upper 3 + sqrt((8 - 5)^2 + (2 - 1)^2) = 3 + sqrt(10) = 6.1623; a null bound -> null
Standard deviation from sums, x = 2, 4, 4, 4, 5, 5, 7, 9: sum 40, sum of squares 232, n 8;
  sqrt((232 - 40^2 / 8) / 7) = sqrt(32 / 7) = 2.1381; n = 1 -> null
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import dbt_build_env, run_dbt

pytestmark = pytest.mark.slow

CASES: dict[str, tuple[str, float | None]] = {
    "wilson_8_10_lower": ("supportmetrics.wilson_lower(8, 10)", 0.4902),
    "wilson_8_10_upper": ("supportmetrics.wilson_upper(8, 10)", 0.9433),
    "wilson_0_10_lower": ("supportmetrics.wilson_lower(0, 10)", 0.0),
    "wilson_0_10_upper": ("supportmetrics.wilson_upper(0, 10)", 0.2775),
    "wilson_10_10_lower": ("supportmetrics.wilson_lower(10, 10)", 0.7225),
    "wilson_10_10_upper": ("supportmetrics.wilson_upper(10, 10)", 1.0),
    "wilson_45_50_lower": ("supportmetrics.wilson_lower(45, 50)", 0.7864),
    "wilson_45_50_upper": ("supportmetrics.wilson_upper(45, 50)", 0.9565),
    "wilson_n0_lower": ("supportmetrics.wilson_lower(0, 0)", None),
    "wilson_n0_upper": ("supportmetrics.wilson_upper(0, 0)", None),
    "wilson_nnull_lower": ("supportmetrics.wilson_lower(3, 'null')", None),
    "mean_lower": ("supportmetrics.mean_interval_lower(4.2, 1.1, 25)", 3.7688),
    "mean_upper": ("supportmetrics.mean_interval_upper(4.2, 1.1, 25)", 4.6312),
    "mean_n1_lower": ("supportmetrics.mean_interval_lower(4.2, 1.1, 1)", None),
    "mean_n1_upper": ("supportmetrics.mean_interval_upper(4.2, 1.1, 1)", None),
    "newcombe_lower": ("supportmetrics.diff_proportion_lower(56, 70, 48, 80)", 0.0524),
    "newcombe_upper": ("supportmetrics.diff_proportion_upper(56, 70, 48, 80)", 0.3339),
    "newcombe_small_lower": ("supportmetrics.diff_proportion_lower(8, 10, 6, 10)", -0.1870),
    "newcombe_small_upper": ("supportmetrics.diff_proportion_upper(8, 10, 6, 10)", 0.5211),
    "newcombe_n0_lower": ("supportmetrics.diff_proportion_lower(8, 10, 0, 0)", None),
    "newcombe_n0_upper": ("supportmetrics.diff_proportion_upper(0, 0, 6, 10)", None),
    "welch_lower": ("supportmetrics.diff_mean_lower(4.2, 1.1, 25, 3.9, 1.3, 36)", -0.3052),
    "welch_upper": ("supportmetrics.diff_mean_upper(4.2, 1.1, 25, 3.9, 1.3, 36)", 0.9052),
    "welch_n1_lower": ("supportmetrics.diff_mean_lower(4.2, 1.1, 1, 3.9, 1.3, 36)", None),
    "normal_lower": ("supportmetrics.normal_interval_lower(0.1, 0.0025)", 0.0020),
    "normal_upper": ("supportmetrics.normal_interval_upper(0.1, 0.0025)", 0.1980),
    "binomial_se": ("supportmetrics.binomial_standard_error(0.1, 100)", 0.0300),
    "binomial_se_n0": ("supportmetrics.binomial_standard_error(0.1, 0)", None),
    "change_lower": ("supportmetrics.change_interval_lower(5, 3, 8, 2, 1, 6)", -1.4721),
    "change_upper": ("supportmetrics.change_interval_upper(5, 3, 8, 2, 1, 6)", 6.1623),
    "change_null_bound": ("supportmetrics.change_interval_lower(5, 'null', 8, 2, 1, 6)", None),
    "stddev_from_sums": ("supportmetrics.stddev_from_sums(40, 232, 8)", 2.1381),
    "stddev_from_sums_n1": ("supportmetrics.stddev_from_sums(4, 16, 1)", None),
}


def _positional(call: str) -> str:
    """`supportmetrics.wilson_lower(8, 10)` -> the Jinja call with string arguments."""
    name, args = re.fullmatch(r"([\w.]+)\((.*)\)", call).groups()
    quoted = ", ".join(f"'{arg.strip()}'" if not arg.strip().startswith("'") else arg.strip()
                       for arg in args.split(","))
    return "{{ " + f"{name}({quoted})" + " }}"


def _evaluate(work: Path, cases: dict[str, tuple[str, float | None]], *extra: str) -> dict[str, float | None]:
    """Compile the macro calls in one `dbt show --inline` select and return its single row."""
    env = dbt_build_env(work)
    select = ",\n".join(f"{_positional(call)} as {name}" for name, (call, _) in cases.items())
    proc = run_dbt(["show", "--inline", f"select {select}", "--output", "json", "--log-format", "json",
                    "--quiet", *extra], env, cwd=work, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    for line in output.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        preview = event.get("data", {}).get("preview")
        if preview:
            return json.loads(preview)[0]
    raise AssertionError(output[-3000:])


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float | None]:
    return _evaluate(tmp_path_factory.mktemp("intervals"), CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_interval_bound_matches_hand_computation(evaluated: dict[str, float | None], name: str) -> None:
    expected = CASES[name][1]
    actual = evaluated[name]
    if expected is None:
        assert actual is None
    else:
        assert actual is not None and round(actual, 4) == pytest.approx(expected, abs=1e-9), (name, actual)


def test_interval_z_comes_from_the_var(tmp_path: Path) -> None:
    """z = 1 (a 68% interval), Wilson 8/10: (8.5 -/+ sqrt(1.6 + 0.25)) / 11 = 0.6491 .. 0.8964."""
    cases = {name: CASES[name] for name in ("wilson_8_10_lower", "wilson_8_10_upper")}
    row = _evaluate(tmp_path, cases, "--vars", "{interval_z: 1.0}")
    assert (round(row["wilson_8_10_lower"], 4), round(row["wilson_8_10_upper"], 4)) == (0.6491, 0.8964)


def _show(work: Path, sql: str) -> list[dict[str, Any]]:
    """Rows of an inline select (Jinja compiled by dbt, run by DuckDB)."""
    proc = run_dbt(["show", "--inline", sql, "--limit", "50", "--output", "json", "--log-format", "json", "--quiet"],
                   dbt_build_env(work), cwd=work, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    for line in output.splitlines():
        try:
            preview = json.loads(line).get("data", {}).get("preview")
        except json.JSONDecodeError:
            continue
        if preview:
            return json.loads(preview)
    raise AssertionError(output[-3000:])


def test_direct_standardisation_per_slice_by_hand(tmp_path: Path) -> None:
    """macros/standardisation.sql on hand-made strata (slice, intent; AI-only s/n, human-only s/n),
    the rule fct_stage_metric_values applies per slice (docs/decision-methods.md):
    - chat: easy AI 45/48, human 16/16; hard AI 4/16, human 24/48. Raw gap 49/64 - 40/64 = +0.140625;
      weights 48/64 = 0.75, 16/64 = 0.25: 0.75 (0.9375 - 1) + 0.25 (0.25 - 0.5) = -0.109375 (the sign
      flips). Variance with q = (s + 1) / (n + 2): easy q1 = 46/50 = 0.92, q2 = 17/18; hard q1 = 5/18,
      q2 = 25/50 = 0.5:
      0.5625 (0.92 * 0.08 / 50 + (17/18)(1/18) / 18) + 0.0625 ((5/18)(13/18) / 18 + 0.25 / 50)
      = 0.5625 (0.001472 + 0.0029150) + 0.0625 (0.0111454 + 0.005) = 0.0024677 + 0.0010091 = 0.0034767.
    - email: new AI 6/8 without a human response; hard human 8/16 without AI: no stratum compared,
      one intent (8 AI responses) left out, no standardised gap."""
    strata = ("select * from (values ('chat', 'easy', 48, 45, 16, 16), ('chat', 'hard', 16, 4, 48, 24), "
              "('email', 'new', 8, 6, 0, 0), ('email', 'hard', 0, 0, 16, 8)) as t(slice_value, intent, n1, s1, n2, s2)")
    sql = (f"with strata as ({strata}), "
           "weighted as ({{ supportmetrics.standardised_strata('strata', ['slice_value'], 'n1', 's1', 'n2', 's2') }}), "
           "summary as ({{ supportmetrics.standardised_summary('weighted', ['slice_value'], 'n1', 'n2') }}) "
           "select * from summary order by slice_value")
    rows = {row["slice_value"]: row for row in _show(tmp_path, sql)}
    chat, email = rows["chat"], rows["email"]
    assert (chat["compared_strata"], chat["compared_exposed_n"], chat["compared_reference_n"]) == (2, 64, 64)
    assert (chat["strata_without_reference"], chat["exposed_n_without_reference"]) == (0, 0)
    assert chat["standardised_difference"] == pytest.approx(-0.109375, abs=1e-12)
    assert chat["standardised_exposed_rate"] == pytest.approx(0.765625, abs=1e-12)  # 0.75 * 0.9375 + 0.25 * 0.25
    assert chat["standardised_reference_rate"] == pytest.approx(0.875, abs=1e-12)  # 0.75 * 1 + 0.25 * 0.5
    assert round(chat["standardised_difference_variance"], 7) == pytest.approx(0.0034767, abs=1e-12)
    assert (email["compared_strata"], email["strata_without_reference"], email["exposed_n_without_reference"]) == (0, 1, 8)
    assert email["standardised_difference"] is None
