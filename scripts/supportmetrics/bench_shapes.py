"""`supportmetrics bench --shapes zendesk_fivetran,...`: the full build of a vendor shape of the
bench data set (zendesk_fivetran, zendesk_airbyte, intercom_fivetran, intercom_airbyte) next to
the canonical one (issues 15 and 16: at 1M conversations a Zendesk or Intercom Fivetran build
takes at most 1.3x the canonical build, with peak memory under 8 GiB).

For each size, the canonical data set the bench generated (the whole of it, last day included)
is converted into the shape once (kept with the data set), landed in a fresh warehouse the way
the connector lands it (`load-shape`), and built with `dbt build --full-refresh` and the shape's
vars, `repeats` times (median). Incremental runs are not measured for shapes: a connector
re-syncs its own tables, so there is no day of files to append.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from supportmetrics.dbt_runner import dbt_env

# targets of issues 15 and 16 (on the bench machine: 2 cores, 24 GiB): at 1M conversations the
# Fivetran Zendesk and Intercom full builds take at most 1.3x the canonical build
TARGET_SHAPE_OVER_CANONICAL = 1.3
RATIO_TARGET_SHAPES = ("zendesk_fivetran", "intercom_fivetran")
SHAPE_VARS = {
    "zendesk_fivetran": "{helpdesk_source: zendesk_fivetran, zendesk_segment_field: custom_segment}",
    "zendesk_airbyte": "{helpdesk_source: zendesk_airbyte, zendesk_segment_field: custom_segment}",
    "intercom_fivetran": "{helpdesk_source: intercom_fivetran, intercom_segment_attribute: custom_segment}",
    "intercom_airbyte": "{helpdesk_source: intercom_airbyte, intercom_segment_attribute: custom_segment}",
}


@dataclass
class ShapeResult:
    """Medians for one shape at one size, with the canonical full build of the same data set."""

    shape: str
    conversations: int
    convert_s: float = 0.0
    load_s: float = 0.0
    full_build_s: float = 0.0
    peak_rss_gib: float = 0.0
    canonical_full_build_s: float = 0.0
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.full_build_s / self.canonical_full_build_s if self.canonical_full_build_s else float("nan")


def _convert(shape: str, full: Path, out: Path) -> float:
    """The shape of the data set, written once (kept between benches); seconds of that run."""
    from supportmetrics.generator.shapes import convert

    marker = out / "_converted"
    if marker.exists():
        return float(marker.read_text() or 0)
    start = time.perf_counter()
    convert(shape, full, out)
    seconds = time.perf_counter() - start
    marker.write_text(f"{seconds:.3f}")
    return seconds


def bench_shape(shape: str, conversations: int, canonical_full_build_s: float, work: Path, repeats: int,
                console: Console) -> ShapeResult:
    from supportmetrics.bench import _run_dbt, size_dir
    from supportmetrics.vendor_load import load_vendor
    from supportmetrics.warehouse import connect

    if shape not in SHAPE_VARS:
        raise SystemExit(f"unknown shape '{shape}'; use one of: {', '.join(SHAPE_VARS)}")
    base = size_dir(work, conversations)
    shaped = base / shape
    result = ShapeResult(shape, conversations, canonical_full_build_s=canonical_full_build_s)
    result.convert_s = _convert(shape, base / "full", shaped)
    samples: dict[str, list[float]] = {"load_s": [], "full_build_s": [], "peak_rss_gib": []}
    for attempt in range(repeats):
        warehouse = base / f"bench_{shape}.duckdb"
        warehouse.unlink(missing_ok=True)
        start = time.perf_counter()
        con = connect(warehouse)
        try:
            load_vendor(shaped, con, shape)
        finally:
            con.close()
        samples["load_s"].append(time.perf_counter() - start)
        env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "DBT_TARGET_PATH": str(base / f"target_{shape}"),
                       "DBT_LOG_PATH": str(base / f"logs_{shape}")})
        seconds, peak = _run_dbt(["build", "--full-refresh", "--vars", SHAPE_VARS[shape]], env)
        samples["full_build_s"].append(seconds)
        samples["peak_rss_gib"].append(peak / 2**30)
        console.print(f"  {conversations:,} {shape} run {attempt + 1}/{repeats}: "
                      + ", ".join(f"{k}={v[-1]:.1f}" for k, v in samples.items()))
    for key, values in samples.items():
        setattr(result, key, statistics.median(values))
    result.samples = samples
    return result


def shape_lines(results: list[ShapeResult]) -> list[str]:
    """The Markdown section of the shape builds, with the issue's targets."""
    if not results:
        return []
    lines = ["", "Vendor shapes (the same data set as the connector lands it; medians):", "",
             "| shape | conversations | convert (s) | load-shape (s) | full dbt build (s) | x canonical | peak RSS (GiB) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.shape} | {r.conversations:,} | {r.convert_s:.1f} | {r.load_s:.1f} | {r.full_build_s:.1f} | "
              f"{r.ratio:.2f} | {r.peak_rss_gib:.2f} |" for r in results]
    lines += ["", "Shape targets:", ""]
    for r in results:
        if r.conversations == 1_000_000 and r.shape in RATIO_TARGET_SHAPES:
            ok = r.ratio <= TARGET_SHAPE_OVER_CANONICAL
            lines.append(f"- {r.shape} full build at 1M <= {TARGET_SHAPE_OVER_CANONICAL}x canonical: {r.ratio:.2f}x "
                         f"{'PASS' if ok else 'FAIL'}")
        lines.append(f"- {r.shape} peak memory at {r.conversations:,} < 8 GiB: {r.peak_rss_gib:.2f} GiB "
                     f"{'PASS' if r.peak_rss_gib < 8 else 'FAIL'}")
    return lines
