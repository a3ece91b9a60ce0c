"""Every dbt unit test of the project (`unit_tests:` in the folders' _<folder>__unit_tests.yml: the hand-computed
expectations for windows, rates, percentiles, stage rules, gates, anti-patterns, alerts...) runs
in `make test`, not only inside `make demo`'s `dbt build`.

Unit tests need their parents to exist as relations (dbt reads their column types), so the
project is first built empty (`--empty`: every model with its columns and no rows) over the
small clean fixture, then `dbt test --select test_type:unit` runs them all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import dbt_build_env, fixture_dir, load_into, run_dbt, WAREHOUSE_FILE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def unit_test_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    work = tmp_path_factory.mktemp("unit_tests")
    env = dbt_build_env(work)
    load_into(fixture_dir("clean_input"), work / WAREHOUSE_FILE)
    run_dbt(["build", "--empty", "--quiet", "--exclude", "resource_type:test", "resource_type:unit_test"],
            env, cwd=work)
    proc = run_dbt(["test", "--select", "test_type:unit"], env, cwd=work, check=False)
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    return proc.stdout + proc.stderr, manifest


def test_every_dbt_unit_test_passes(unit_test_run: tuple[str, dict]) -> None:
    output, manifest = unit_test_run
    declared = len(manifest["unit_tests"])
    assert declared >= 50, f"only {declared} unit tests declared"
    summary = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", output)
    assert summary, output[-3000:]
    passed, warned, errored, skipped = map(int, summary.groups())
    failures = [line for line in output.splitlines() if "FAIL" in line or "ERROR" in line]
    assert (errored, skipped, warned) == (0, 0, 0), "\n".join(failures[-40:])
    assert passed == declared


def test_every_folder_with_tricky_rules_has_unit_tests(unit_test_run: tuple[str, dict]) -> None:
    """The metric folders and the intermediate layer each carry hand-computed unit tests."""
    _, manifest = unit_test_run
    folders = {Path(test["original_file_path"]).parent.as_posix() for test in manifest["unit_tests"].values()}
    expected = {"models/intermediate"} | {f"models/marts/{family}" for family in (
        "resolution_quality", "efficiency", "handoff", "customer_experience", "business_impact",
        "learning", "ai_assistance", "stage_assessment")}
    assert expected <= folders, sorted(expected - folders)
