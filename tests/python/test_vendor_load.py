"""`supportmetrics load-shape` (vendor_load.load_vendor): what a connector landed is loaded whole,
a missing table stops the load with a message naming it, and a legacy stream (Airbyte's Zendesk
deleted_tickets, landed by connector 1.7.x only) is loaded when present, with a note naming the var
that reads it.

Row counts are checked against the Parquet files' own metadata (pyarrow), not the loader's reader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from supportmetrics.generator import generate
from supportmetrics.generator.shapes import convert
from supportmetrics.vendor_load import SHAPES, VendorLoadError, load_vendor
from supportmetrics.warehouse import connect


@pytest.fixture(scope="module")
def airbyte_zendesk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("vendor_load")
    generate(work / "canonical", profile="stage3", conversations=200, months=2, progress=False)
    convert("zendesk_airbyte", work / "canonical", work / "zendesk_airbyte")
    return work / "zendesk_airbyte"


def _copy_without(source: Path, target: Path, table: str) -> Path:
    shutil.copytree(source, target)
    (target / f"{table}.parquet").unlink()
    return target


def _cli(*args: str, warehouse: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from supportmetrics.cli import main; main()", *args],
                          capture_output=True, text=True,
                          env={**os.environ, "SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "COLUMNS": "200"})


def test_every_table_loaded_with_the_files_row_counts(airbyte_zendesk: Path, tmp_path: Path) -> None:
    con = connect(tmp_path / "wh.duckdb")
    try:
        loaded = load_vendor(airbyte_zendesk, con, "zendesk_airbyte")
        counts = {t.table: t.rows for t in loaded.tables}
        assert set(counts) == set(SHAPES["zendesk_airbyte"][0]) and loaded.notes == []
        for table, rows in counts.items():
            assert rows == pq.ParquetFile(airbyte_zendesk / f"{table}.parquet").metadata.num_rows, table
            assert con.execute(f'select count(*) from "zendesk"."{table}"').fetchone()[0] == rows
        assert counts["tickets"] == 200
    finally:
        con.close()


def _with_legacy_deleted_tickets(source: Path, target: Path) -> Path:
    """A copy of `source` plus a deleted_tickets stream of two records (connector 1.7.x)."""
    shutil.copytree(source, target)
    con = duckdb.connect()
    try:
        con.execute(
            "copy (select * from (values ('cnv_00000001', '{\"id\": \"zd_admin\", \"name\": null}', "
            "'2026-10-30T12:00:00Z', 'open'), ('zd_gone', null, '2026-10-30T13:00:00Z', 'new')) "
            "as t(id, actor, deleted_at, previous_state)) "
            f"to '{(target / 'deleted_tickets.parquet').as_posix()}' (format parquet)")
    finally:
        con.close()
    return target


def test_generator_writes_no_legacy_deleted_tickets(airbyte_zendesk: Path) -> None:
    # the current connector marks a deleted ticket status deleted in tickets; so does the demo
    assert not (airbyte_zendesk / "deleted_tickets.parquet").exists()
    assert "deleted_tickets" not in SHAPES["zendesk_airbyte"][0]


def test_legacy_deleted_tickets_loaded_with_a_note_and_dropped_when_absent(airbyte_zendesk: Path,
                                                                           tmp_path: Path) -> None:
    legacy = _with_legacy_deleted_tickets(airbyte_zendesk, tmp_path / "legacy")
    con = connect(tmp_path / "wh.duckdb")
    try:
        loaded = load_vendor(legacy, con, "zendesk_airbyte")
        counts = {t.table: t.rows for t in loaded.tables}
        assert counts["deleted_tickets"] == 2 and len(counts) == len(SHAPES["zendesk_airbyte"][0]) + 1
        assert len(loaded.notes) == 1
        assert "deleted_tickets" in loaded.notes[0] and "zendesk_airbyte_deleted_tickets: true" in loaded.notes[0]
        # a later load without it: the earlier copy does not stand in for the absent stream
        again = load_vendor(airbyte_zendesk, con, "zendesk_airbyte")
        assert again.notes == [] and "deleted_tickets" not in {t.table for t in again.tables}
        assert con.execute("select count(*) from information_schema.tables where table_schema = 'zendesk' "
                           "and table_name = 'deleted_tickets'").fetchone()[0] == 0
    finally:
        con.close()
    result = _cli("load-shape", "--raw-dir", str(legacy), "--shape", "zendesk_airbyte",
                  warehouse=tmp_path / "cli.duckdb")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Note:" in result.stdout and "deleted_tickets" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_required_table_stops_the_load_naming_it(airbyte_zendesk: Path, tmp_path: Path) -> None:
    partial = _copy_without(airbyte_zendesk, tmp_path / "partial", "ticket_comments")
    con = connect(tmp_path / "wh.duckdb")
    try:
        with pytest.raises(VendorLoadError, match=r"table 'ticket_comments' not found in .*partial"):
            load_vendor(partial, con, "zendesk_airbyte")
    finally:
        con.close()
    result = _cli("load-shape", "--raw-dir", str(partial), "--shape", "zendesk_airbyte",
                  warehouse=tmp_path / "cli.duckdb")
    assert result.returncode == 2
    assert "Load failed" in result.stdout and "ticket_comments" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
