"""The loader mirrors the raw directory file by file: a daily export dropped next to the history
is appended without reloading the history; a changed or removed file has its rows removed, and
the next build is then a full refresh (incremental models cannot see removals)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from supportmetrics.load import load_raw, rows_removed
from supportmetrics.warehouse import connect

HEADER = "conversation_id,customer_id,channel,created_at,priority,status,updated_at\n"
MESSAGES = "message_id,conversation_id,created_at,author_type,is_public\n"


def _conversation(cid: str, status: str = "open") -> str:
    return f"{cid},cu1,chat,2026-01-01 00:00:00,low,{status},2026-01-01 00:00:00\n"


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "conversations").mkdir(parents=True)
    (raw / "conversations" / "2026-01-01.csv").write_text(HEADER + _conversation("c1") + _conversation("c2"))
    (raw / "messages.csv").write_text(MESSAGES + "m1,c1,2026-01-01 00:00:01,customer,true\n")
    return raw


def _rows(warehouse: Path) -> list[tuple[str, str, str]]:
    con = connect(warehouse, read_only=True)
    try:
        return con.execute(
            "select conversation_id, status, regexp_extract(_source_file, '[^/]+$') from raw.conversations order by 1, 2"
        ).fetchall()
    finally:
        con.close()


def _load(raw: Path, warehouse: Path) -> dict[str, object]:
    con = connect(warehouse)
    try:
        results = load_raw(raw, con)
        loaded_at = con.execute("select min(_loaded_at) from raw.conversations where conversation_id = 'c1'").fetchone()[0]
    finally:
        con.close()
    conversations = next(r for r in results if r.table == "conversations")
    return {"result": conversations, "removed": rows_removed(results), "c1_loaded_at": loaded_at}


def test_a_new_file_is_appended_and_the_history_is_not_reloaded(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    first = _load(raw, warehouse)
    (raw / "conversations" / "2026-01-02.csv").write_text(HEADER + _conversation("c3") + _conversation("c1", "closed"))
    second = _load(raw, warehouse)
    assert second["result"].new_rows == 2 and second["result"].rows == 4  # type: ignore[attr-defined]
    assert second["result"].unchanged_files == 1 and not second["removed"]  # type: ignore[attr-defined]
    assert second["c1_loaded_at"] == first["c1_loaded_at"]  # the history kept its load time
    assert _rows(warehouse) == [
        ("c1", "closed", "2026-01-02.csv"), ("c1", "open", "2026-01-01.csv"),
        ("c2", "open", "2026-01-01.csv"), ("c3", "open", "2026-01-02.csv"),
    ]
    third = _load(raw, warehouse)  # nothing new: nothing loaded, nothing removed
    assert third["result"].new_rows == 0 and third["result"].rows == 4 and not third["removed"]  # type: ignore[attr-defined]


def test_a_changed_file_replaces_its_rows_and_asks_for_a_full_refresh(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    _load(raw, warehouse)
    path = raw / "conversations" / "2026-01-01.csv"
    path.write_text(HEADER + _conversation("c1", "closed"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    second = _load(raw, warehouse)
    assert second["removed"] and second["result"].removed_files == [str(path)]  # type: ignore[attr-defined]
    assert any("changed" in n for n in second["result"].notes)  # type: ignore[attr-defined]
    assert _rows(warehouse) == [("c1", "closed", "2026-01-01.csv")]


def test_a_removed_file_removes_its_rows_and_its_rejected_lines(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    (raw / "conversations" / "2026-01-02.csv").write_text(HEADER + _conversation("c3") + "c4,cu1\n")
    _load(raw, warehouse)
    (raw / "conversations" / "2026-01-02.csv").unlink()
    second = _load(raw, warehouse)
    assert second["removed"] and second["result"].rejected_lines == 0  # type: ignore[attr-defined]
    assert any("no longer in the raw directory" in n for n in second["result"].notes)  # type: ignore[attr-defined]
    assert _rows(warehouse) == [("c1", "open", "2026-01-01.csv"), ("c2", "open", "2026-01-01.csv")]
