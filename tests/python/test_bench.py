"""The benchmark's reporting (the measurements themselves run with `make bench`, not here)."""

from __future__ import annotations

import json
from pathlib import Path

from supportmetrics.bench import SizeResult, slowest_nodes, target_checks, write_results


def _result(n: int, full: float, incremental: float, peak: float) -> SizeResult:
    return SizeResult(conversations=n, generate_s=30.0, generate_peak_rss_gib=1.25, load_s=1.0, full_build_s=full, peak_rss_gib=peak, incremental_load_s=0.5,
                      incremental_run_s=incremental, floor_query_s=0.2,
                      samples={"full_build_s": [full, full, full]},
                      slowest_full=[("model.a", 3.0)], slowest_incremental=[("model.b", 1.0)])


def test_target_checks_pass_and_fail() -> None:
    checks = target_checks([_result(100_000, 50.0, 20.0, 0.7), _result(1_000_000, 700.0, 45.0, 3.1)])
    assert checks == [
        "full build of 1M <= 600 s: 700 s FAIL",
        "one-day incremental run at 1M <= 60 s: 45 s PASS",
        "peak memory < 8 GiB: 3.10 GiB PASS",
        "1M full build <= 12x the 100k one: 14.0x FAIL",
    ]


def test_target_checks_say_when_1m_was_not_measured() -> None:
    assert target_checks([_result(100_000, 50.0, 20.0, 0.7)])[0] == "1M conversations not measured in this run"


def test_slowest_nodes_come_from_run_results(tmp_path: Path) -> None:
    (tmp_path / "run_results.json").write_text(json.dumps({"results": [
        {"unique_id": "model.supportmetrics.fast", "execution_time": 0.04},
        {"unique_id": "model.supportmetrics.slow", "execution_time": 12.34},
        {"unique_id": "test.supportmetrics.not_null_x.abc", "execution_time": 2.0},
    ]}))
    assert slowest_nodes(tmp_path, top=2) == [("slow", 12.3), ("not_null_x.abc", 2.0)]


def test_write_results_writes_markdown_and_json(tmp_path: Path) -> None:
    path = write_results([_result(100_000, 50.0, 20.0, 0.7)], tmp_path)
    text = path.read_text()
    assert "| 100,000 | 30.0 | 1.25 | 1.0 | 50.0 | 0.70 | 0.5 | 20.0 | 0.2 |" in text
    assert "medians of 3 run(s)" in text and "| model.a | 3.0 | model.b | 1.0 |" in text
    assert (tmp_path / "latest.md").read_text() == text
    assert len(list(tmp_path.glob("bench-*.json"))) == 1


def test_shape_builds_are_reported_against_the_canonical_build(tmp_path: Path) -> None:
    from supportmetrics.bench_shapes import ShapeResult

    shapes = [ShapeResult("zendesk_fivetran", 1_000_000, convert_s=40.0, load_s=12.0, full_build_s=650.0,
                          peak_rss_gib=5.5, canonical_full_build_s=520.0),
              ShapeResult("zendesk_airbyte", 1_000_000, convert_s=60.0, load_s=14.0, full_build_s=700.0,
                          peak_rss_gib=8.5, canonical_full_build_s=520.0)]
    text = write_results([_result(1_000_000, 520.0, 45.0, 3.1)], tmp_path, shapes).read_text()
    assert "| zendesk_fivetran | 1,000,000 | 40.0 | 12.0 | 650.0 | 1.25 | 5.50 |" in text
    assert "- zendesk_fivetran full build at 1M <= 1.3x canonical: 1.25x PASS" in text
    assert "- zendesk_airbyte peak memory at 1,000,000 < 8 GiB: 8.50 GiB FAIL" in text
    saved = json.loads(next(tmp_path.glob("bench-*.json")).read_text())
    assert [s["shape"] for s in saved["shapes"]] == ["zendesk_fivetran", "zendesk_airbyte"]
