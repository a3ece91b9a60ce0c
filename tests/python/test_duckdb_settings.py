"""DuckDB memory limit, spill directory and insertion order: one helper for dbt and connect()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from supportmetrics.dbt_runner import dbt_env
from supportmetrics.errors import SettingsError
from supportmetrics.warehouse import MEMORY_LIMIT_ENV, TEMP_DIR_ENV, connect, duckdb_settings

GIB = 1024**3


def test_default_is_forty_percent_of_the_machine_and_spills_next_to_the_warehouse(tmp_path: Path) -> None:
    settings = duckdb_settings({}, database=tmp_path / "w.duckdb", machine_bytes=10 * GIB)
    assert settings == {"memory_limit": "4096MiB", "temp_directory": str(tmp_path / "w.duckdb.tmp"),
                        "preserve_insertion_order": "false"}


@pytest.mark.parametrize(("value", "expected"), [
    ("8GiB", "8192MiB"), ("6000MB", "5722MiB"), (" 25% ", "2560MiB"), ("1.5gib", "1536MiB"),
])
def test_overrides_as_size_or_share(value: str, expected: str, tmp_path: Path) -> None:
    settings = duckdb_settings({MEMORY_LIMIT_ENV: value, TEMP_DIR_ENV: str(tmp_path / "spill")},
                               database=tmp_path / "w.duckdb", machine_bytes=10 * GIB)
    assert settings["memory_limit"] == expected
    assert settings["temp_directory"] == str(tmp_path / "spill")


def test_unknown_machine_memory_leaves_the_share_to_duckdb(tmp_path: Path) -> None:
    assert duckdb_settings({}, database=tmp_path / "w.duckdb", machine_bytes=None)["memory_limit"] == "40%"


@pytest.mark.parametrize(("value", "message"), [
    ("lots", "is not a memory size"),
    ("8", "is not a memory size"),
    ("0%", "above 0% and at most 100%"),
    ("150%", "above 0% and at most 100%"),
    ("10MB", "below 128 MiB"),
    ("64GiB", "more than this machine's memory (10.0 GiB)"),
])
def test_bad_memory_limit_says_what_to_change(value: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        duckdb_settings({MEMORY_LIMIT_ENV: value}, database=tmp_path / "w.duckdb", machine_bytes=10 * GIB)


def test_temp_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(SettingsError, match="is a file, not a directory"):
        duckdb_settings({TEMP_DIR_ENV: str(tmp_path / "afile")}, database=tmp_path / "w.duckdb")


def test_connect_and_dbt_env_use_the_same_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GiB")
    monkeypatch.setenv(TEMP_DIR_ENV, str(tmp_path / "spill"))
    warehouse = tmp_path / "w.duckdb"
    con = connect(warehouse)
    try:
        values = dict(con.execute(
            "select name, value from duckdb_settings() where name in "
            "('memory_limit', 'temp_directory', 'preserve_insertion_order')").fetchall())
    finally:
        con.close()
    assert values == {"memory_limit": "1.0 GiB", "temp_directory": str(tmp_path / "spill"),
                      "preserve_insertion_order": "false"}
    env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse)})
    assert (env[MEMORY_LIMIT_ENV], env[TEMP_DIR_ENV]) == ("1024MiB", str(tmp_path / "spill"))


def test_bad_setting_is_one_line_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from supportmetrics.cli import main; main()", "build"],
        env={**_env(), MEMORY_LIMIT_ENV: "plenty", "SUPPORTMETRICS_DUCKDB_PATH": str(tmp_path / "w.duckdb")},
        capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Bad setting: SUPPORTMETRICS_DUCKDB_MEMORY_LIMIT='plenty' is not a memory size" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in (MEMORY_LIMIT_ENV, TEMP_DIR_ENV)}


def test_dbt_gives_memory_and_spill_settings_once_when_the_database_opens() -> None:
    """dbt-duckdb runs a profile's `settings` on every new cursor; once a build has spilled, a
    second `SET temp_directory` stops it ("Cannot switch temporary directory after the current one
    has been used", seen in the 1M Intercom bench). The three database-wide settings are therefore
    `config_options`, given once to duckdb.connect."""
    import yaml

    output = yaml.safe_load((Path(__file__).parents[2] / "profiles" / "profiles.yml").read_text())[
        "supportmetrics"]["outputs"]["duckdb"]
    once = {"memory_limit", "temp_directory", "preserve_insertion_order"}
    assert once <= set(output["config_options"])
    assert not once & set(output.get("settings") or {})
