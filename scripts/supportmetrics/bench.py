"""`supportmetrics bench` (`make bench`): how the project scales on one machine.

For each size (`--sizes`: a preset of bench_targets.SIZE_PRESETS, default 100k, 300k, 1M; `scale`
1M, 3M, 10M; or a list of counts) it generates a data set (time and peak
memory of the generator, measured once: the data set is deterministic and kept for the next
bench), splits off its last day, and measures, each repeated `repeats` times (median reported):
- load time of the history into a fresh warehouse,
- full `dbt build` time and peak memory (RSS summed over the whole process tree, sampled),
- load + incremental `dbt run` time after dropping the last day's files next to the history
  (the loader appends only the new files; the incremental models process only what they touch),
- a hand-written DuckDB query computing deflected and truly_resolved per conversation straight
  from the raw files: the floor to compare the build against.
The history is longer for a larger size (history_months: 12 months per million conversations,
at least 12) and its volume flat (no monthly growth), so every size's last day holds about the
same conversations: the incremental run compares the same day of new data against more history.
With 12 months at every size the 10M day was 9.4x the 1M day (17,045 against 1,806
conversations); with 120 months and the generator's 3% monthly growth, still 2.9x (5,313).
Writes a Markdown table with every target of bench_targets (PASS / FAIL / NOT MEASURED), a JSON
file and an SVG chart (time and peak memory against size, full and incremental) under
bench_results/, and notes how loaded the machine was (load average) while it ran.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import psutil
from rich.console import Console

from supportmetrics.bench_chart import render_svg
from supportmetrics.bench_targets import BASE_MODELS_TIMED, target_checks
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.paths import project_root

CONVERSATION_CHILDREN = (
    "messages", "ticket_events", "ai_events", "handoffs", "csat_responses", "qa_reviews", "agent_work_sessions",
)
FLOOR_SQL = (Path(__file__).parent / "bench_floor.sql")
CONVERSATIONS_PER_HISTORY_MONTH = 1_000_000 / 12
MIN_HISTORY_MONTHS = 12


def history_months(conversations: int) -> int:
    """Months of history generated for a size: the same conversations a day at every size."""
    return max(MIN_HISTORY_MONTHS, round(conversations / CONVERSATIONS_PER_HISTORY_MONTH))


def size_dir(work: Path, conversations: int) -> Path:
    """The kept data set and warehouse of a size (named by its history: a change regenerates)."""
    return work / f"n{conversations}_m{history_months(conversations)}_flat"


@dataclass
class SizeResult:
    """Medians (seconds, GiB) for one data-set size, plus every raw measurement."""

    conversations: int
    history_months: int = 0
    day_conversations: int = 0  # conversation rows (versions and duplicates included) of the last day's files
    generate_s: float = 0.0  # the generator (`supportmetrics generate`), measured once per size
    generate_peak_rss_gib: float = 0.0
    load_s: float = 0.0
    full_build_s: float = 0.0
    peak_rss_gib: float = 0.0
    incremental_load_s: float = 0.0
    incremental_run_s: float = 0.0
    incremental_peak_rss_gib: float = 0.0
    floor_query_s: float = 0.0
    base_models_s: float = 0.0  # bench_targets.BASE_MODELS_TIMED in the full build
    samples: dict[str, list[float]] = field(default_factory=dict)
    # slowest nodes of the last full build and of the last incremental run (dbt run_results.json)
    slowest_full: list[tuple[str, float]] = field(default_factory=list)
    slowest_incremental: list[tuple[str, float]] = field(default_factory=list)


class PeakRss:
    """Samples the RSS of a process and all its descendants; keeps the maximum."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                total = 0
                for proc in procs:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run a command; its wall time and the peak RSS of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=project_root(), env=env)
    with PeakRss(proc.pid) as sampler:
        code = proc.wait()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed ({code})")
    return time.perf_counter() - start, sampler.peak


def _run_dbt(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    return _measured([dbt_executable(), *args, "--quiet"], env)


def _generate(full: Path, conversations: int) -> tuple[float, float]:
    """Generate the data set once (kept between benches); (seconds, peak GiB) of that run."""
    timing = full.parent / "generate_timing.json"
    if not (full / "_manifest.json").exists():
        executable = Path(dbt_executable()).with_name("supportmetrics")
        seconds, peak = _measured([str(executable), "generate", "--out", str(full), "--profile", "stage4",
                                   "--conversations", str(conversations),
                                   "--months", str(history_months(conversations)), "--monthly-growth", "1"])
        timing.write_text(json.dumps({"generate_s": seconds, "generate_peak_rss_gib": peak / 2**30}))
    if not timing.exists():
        return 0.0, 0.0
    measured = json.loads(timing.read_text())
    return measured["generate_s"], measured["generate_peak_rss_gib"]


def node_seconds(target_dir: Path, names: tuple[str, ...]) -> float:
    """Summed execution time of the named models in the last dbt command (run_results.json)."""
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    return sum(float(r["execution_time"]) for r in results if r["unique_id"].split(".")[-1] in names
               and r["unique_id"].startswith("model."))


def slowest_nodes(target_dir: Path, top: int = 8) -> list[tuple[str, float]]:
    """The slowest models and tests of the last dbt command, from its run_results.json."""
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    timed = sorted(((r["unique_id"].split(".", 2)[-1], float(r["execution_time"])) for r in results),
                   key=lambda item: item[1], reverse=True)
    return [(name, round(seconds, 1)) for name, seconds in timed[:top]]


def count_rows(folder: Path) -> int:
    """Rows of the Parquet files in a folder, from their footers (the loader's own count)."""
    from supportmetrics.load import _parquet_records

    con = duckdb.connect()
    try:
        return sum(_parquet_records(con, path) for path in sorted(folder.glob("*.parquet")))
    finally:
        con.close()


def split_last_day(full: Path, hist: Path, day: Path) -> None:
    """Split a generated data set into everything before its last day and the last day."""
    con = duckdb.connect()
    cutoff = con.execute(
        f"select date_trunc('day', max(created_at)) from read_parquet('{full}/conversations/*.parquet')"
    ).fetchone()[0]  # type: ignore[index]
    con.execute(
        f"create temp table last_day as select distinct conversation_id from "
        f"read_parquet('{full}/conversations/*.parquet') where created_at >= ?", [cutoff]
    )
    for folder in sorted(p for p in full.iterdir() if p.is_dir()):
        table = folder.name
        (hist / table).mkdir(parents=True, exist_ok=True)
        (day / table).mkdir(parents=True, exist_ok=True)
        source = f"read_parquet('{folder}/*.parquet', union_by_name = true)"
        if table in CONVERSATION_CHILDREN or table == "conversations":
            cond = "conversation_id in (select conversation_id from last_day)"
        elif table == "message_feedback":
            cond = (f"message_id in (select message_id from read_parquet('{full}/messages/*.parquet') "
                    "where conversation_id in (select conversation_id from last_day))")
        else:
            cond = "false"
        con.execute(f"copy (select * from {source} where not ({cond})) to '{hist / table}/hist.parquet' (format parquet)")
        con.execute(f"copy (select * from {source} where {cond}) to '{day / table}/day.parquet' (format parquet)")
    con.close()


def stage_files(part: Path, live: Path) -> None:
    """Hard-link a part (history or day) into the live raw directory, one file per table folder.

    The live directory is what a user's export folder looks like: the history first, then the
    next day's files dropped next to it, so the loader appends only the new files.
    """
    for folder in part.iterdir():
        target = live / folder.name
        target.mkdir(parents=True, exist_ok=True)
        for src in folder.glob("*.parquet"):
            dest = target / src.name
            if not dest.exists():
                os.link(src, dest)


def unstage_day(day: Path, live: Path) -> None:
    """Remove a day's files from the live directory (back to the history only)."""
    for folder in day.iterdir():
        for src in folder.glob("*.parquet"):
            (live / folder.name / src.name).unlink(missing_ok=True)


def _load(raw: Path, warehouse: Path) -> float:
    from supportmetrics.load import load_raw
    from supportmetrics.warehouse import connect

    start = time.perf_counter()
    con = connect(warehouse)
    load_raw(raw, con)
    con.close()
    return time.perf_counter() - start


def _floor(full: Path) -> float:
    sql = FLOOR_SQL.read_text().replace("{raw}", str(full))
    con = duckdb.connect()
    start = time.perf_counter()
    con.execute(f"create temp table floor as {sql}")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def bench_size(conversations: int, work: Path, repeats: int, console: Console) -> SizeResult:
    base = size_dir(work, conversations)
    full, hist, day, live = base / "full", base / "hist", base / "day", base / "live"
    console.print(f"generating {conversations:,} conversations (skipped when kept from a previous bench)")
    generate_s, generate_peak = _generate(full, conversations)
    if not (day / "conversations").exists():
        split_last_day(full, hist, day)
    result = SizeResult(conversations=conversations, history_months=history_months(conversations),
                        day_conversations=count_rows(day / "conversations"), generate_s=generate_s,
                        generate_peak_rss_gib=generate_peak)
    samples: dict[str, list[float]] = {k: [] for k in (
        "load_s", "full_build_s", "peak_rss_gib", "base_models_s", "incremental_load_s", "incremental_run_s",
        "incremental_peak_rss_gib", "floor_query_s")}
    for attempt in range(repeats):
        warehouse = base / "bench.duckdb"
        warehouse.unlink(missing_ok=True)
        env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "DBT_TARGET_PATH": str(base / "target"),
                       "DBT_LOG_PATH": str(base / "logs")})
        unstage_day(day, live)
        stage_files(hist, live)
        samples["load_s"].append(_load(live, warehouse))
        seconds, peak = _run_dbt(["build", "--full-refresh"], env)
        samples["full_build_s"].append(seconds)
        samples["peak_rss_gib"].append(peak / 2**30)
        result.slowest_full = slowest_nodes(base / "target")
        samples["base_models_s"].append(node_seconds(base / "target", BASE_MODELS_TIMED))
        stage_files(day, live)
        samples["incremental_load_s"].append(_load(live, warehouse))
        seconds, peak = _run_dbt(["run"], env)
        samples["incremental_run_s"].append(seconds)
        samples["incremental_peak_rss_gib"].append(peak / 2**30)
        result.slowest_incremental = slowest_nodes(base / "target")
        samples["floor_query_s"].append(_floor(full))
        console.print(f"  {conversations:,} run {attempt + 1}/{repeats}: "
                      + ", ".join(f"{k}={v[-1]:.1f}" for k, v in samples.items()))
    for key, values in samples.items():
        setattr(result, key, statistics.median(values))
    result.samples = samples
    return result


class LoadSampler:
    """The machine's 1-minute load average, sampled while the bench runs (other work skews timings)."""

    def __init__(self, interval: float = 10.0) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.interval = interval

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.interval)

    def __enter__(self) -> "LoadSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "machine load not sampled"
        return (f"load average (1 min) during the bench: median {statistics.median(self.samples):.1f}, "
                f"max {max(self.samples):.1f} on {psutil.cpu_count()} cores")


def write_results(results: list[SizeResult], out_dir: Path, load_note: str = "",
                  shape_results: list | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    machine = f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
    checks = target_checks(results)
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(
        {"machine": machine, "load": load_note, "results": [asdict(r) for r in results],
         "targets": [asdict(c) for c in checks], "shapes": [asdict(r) for r in shape_results or []]}, indent=2))
    title = f"supportmetrics bench {stamp} ({machine})"
    chart = render_svg(results, title)
    (out_dir / f"bench-{stamp}.svg").write_text(chart)
    (out_dir / "latest.svg").write_text(chart)
    lines = [
        f"# Benchmark {stamp} ({machine}; medians of {len(next(iter(results[0].samples.values()), []))} run(s))",
        "",
        *([load_note, ""] if load_note else []),
        f"![time and peak memory against size](bench-{stamp}.svg)",
        "",
        "| conversations | history (months) | last day (conversation rows) | generate (s) | generate peak RSS (GiB) "
        "| load (s) | full dbt build (s) | peak RSS (GiB) "
        "| base models (s) | +1 day load (s) | +1 day incremental run (s) | incremental peak RSS (GiB) "
        "| floor query (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.conversations:,} | {r.history_months} | {r.day_conversations:,} | {r.generate_s:.1f} | {r.generate_peak_rss_gib:.2f} | {r.load_s:.1f} | "
        f"{r.full_build_s:.1f} | {r.peak_rss_gib:.2f} | {r.base_models_s:.1f} | "
        f"{r.incremental_load_s:.1f} | {r.incremental_run_s:.1f} | {r.incremental_peak_rss_gib:.2f} | "
        f"{r.floor_query_s:.1f} |"
        for r in results
    ]
    lines += ["", "Generation is measured once per size (one run, not a median); the build columns are "
              "medians. Peak RSS is the whole process tree (dbt and its threads, or the generator). "
              "Each size has 12 months of history per million conversations at a flat volume, so its "
              "last day (the incremental run's new data) holds about the same conversations. "
              f"Base models: {' + '.join(BASE_MODELS_TIMED)} in the full build."]
    if len(results) > 1:
        ratio = results[-1].full_build_s / results[0].full_build_s
        size_ratio = results[-1].conversations / results[0].conversations
        lines += ["", f"Full build time ratio largest/smallest: {ratio:.1f}x for {size_ratio:.0f}x the data."]
    lines += ["", "Targets (bench_targets.py):", ""] + [f"- {check.line()}" for check in checks]
    if shape_results:
        from supportmetrics.bench_shapes import shape_lines

        lines += shape_lines(shape_results)
    for r in results:
        lines += ["", f"Slowest nodes at {r.conversations:,} conversations (seconds, last repeat):", "",
                  "| full build | s | incremental run | s |", "|---|---:|---|---:|"]
        for (full_name, full_s), (inc_name, inc_s) in zip(r.slowest_full, r.slowest_incremental):
            lines.append(f"| {full_name} | {full_s} | {inc_name} | {inc_s} |")
    path = out_dir / f"bench-{stamp}.md"
    path.write_text("\n".join(lines) + "\n")
    (out_dir / "latest.md").write_text("\n".join(lines) + "\n")
    return path


def run_bench(sizes: list[int], repeats: int, work: Path, console: Console, shapes: list[str] | None = None) -> Path:
    """Bench every size in turn, then, with `shapes` (e.g. zendesk_fivetran), each shape's full
    build of the same data sets next to the canonical one (supportmetrics.bench_shapes). The report
    is rewritten after each step, so an interrupted bench keeps what it finished."""
    from supportmetrics.bench_shapes import ShapeResult, bench_shape

    results: list[SizeResult] = []
    shape_results: list[ShapeResult] = []
    out_dir = project_root() / "bench_results"
    path: Path | None = None
    with LoadSampler() as load:

        def rewrite() -> Path:
            if path is not None:
                for stale in (path, path.with_suffix(".json"), path.with_suffix(".svg")):
                    stale.unlink(missing_ok=True)
            return write_results(results, out_dir, load.summary(), shape_results)

        for n in sizes:
            results.append(bench_size(n, work, repeats, console))
            path = rewrite()
        for result in list(results):
            for shape in shapes or []:
                shape_results.append(bench_shape(shape, result.conversations, result.full_build_s, work, repeats, console))
                path = rewrite()
    assert path is not None
    console.print(path.read_text())
    return path
