"""The `supportmetrics` command line: generate, load, build, demo, summary."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from supportmetrics import paths

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

DEMO_PROFILE = "stage3"


@app.command()
def generate(
    out: Annotated[Optional[Path], typer.Option(help="Output directory (default: data/demo)")] = None,
    profile: Annotated[str, typer.Option(help="Maturity preset: stage0 ... stage5")] = DEMO_PROFILE,
    conversations: Annotated[Optional[int], typer.Option(help="Conversations in the whole period")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data)")] = 42,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    months: Annotated[int, typer.Option(help="Months of history")] = 12,
    end_date: Annotated[str, typer.Option(help="Last day of data (YYYY-MM-DD)")] = "2026-10-31",
    shape: Annotated[str, typer.Option(help="canonical, zendesk_fivetran, zendesk_airbyte (as Fivetran or Airbyte lands Zendesk), intercom_fivetran or intercom_airbyte (as Fivetran or Airbyte lands Intercom)")] = "canonical",
    human_only_channel: Annotated[Optional[str], typer.Option(
        help="A channel the AI never answers on, whose volume grows after the AI launch (channel displacement)")] = None,
    human_only_growth: Annotated[float, typer.Option(
        help="With --human-only-channel: its share of new conversations after the launch, times this")] = 1.5,
    monthly_growth: Annotated[Optional[float], typer.Option(
        help="A month's volume over the month before's (default 1.03; 1 keeps the volume flat)")] = None,
) -> None:
    """Generate a realistic, deterministic demo helpdesk as canonical raw files (or a vendor shape)."""
    import tempfile

    from supportmetrics.generator import generate as run_generate
    from supportmetrics.generator.config import CHANNELS
    from supportmetrics.generator.shapes import SHAPES
    from supportmetrics.generator.shapes import convert as convert_shape

    if shape not in SHAPES:
        console.print(f"[bold red]Unknown shape[/bold red] '{shape}'; use one of: {', '.join(SHAPES)}")
        raise typer.Exit(code=2)
    target = out or paths.demo_data_dir()
    if human_only_channel is not None and (human_only_channel not in CHANNELS or human_only_growth < 1):
        console.print(f"[bold red]--human-only-channel[/bold red] takes one of {', '.join(CHANNELS)} "
                      "and --human-only-growth a factor >= 1")
        raise typer.Exit(code=2)
    if monthly_growth is not None and monthly_growth <= 0:
        console.print("[bold red]--monthly-growth[/bold red] takes a factor > 0 (1 keeps the volume flat)")
        raise typer.Exit(code=2)
    with tempfile.TemporaryDirectory() as tmp:
        manifest = run_generate(
            target if shape == "canonical" else Path(tmp),
            profile=profile,
            conversations=conversations,
            seed=seed,
            fmt=fmt,
            months=months,
            end_date=date.fromisoformat(end_date),
            human_only_channel=human_only_channel,
            human_only_channel_growth=human_only_growth,
            **({"monthly_growth": monthly_growth} if monthly_growth is not None else {}),
        )
        if shape != "canonical":
            convert_shape(shape, Path(tmp), target)
    console.print(f"[green]Generated[/green] {manifest['conversations']:,} conversations ({profile}, {shape}) in {target}")


@app.command("load-shape")
def load_shape(
    raw_dir: Annotated[Path, typer.Option(help="Directory of the connector's tables")],
    shape: Annotated[str, typer.Option(help="zendesk_fivetran, zendesk_airbyte, intercom_fivetran or intercom_airbyte")] = "zendesk_fivetran",
    schema: Annotated[Optional[str], typer.Option(help="Schema to land them in (default: the connector's)")] = None,
) -> None:
    """Load a vendor-shaped helpdesk (`generate --shape zendesk_fivetran`, `zendesk_airbyte`, `intercom_fivetran` or `intercom_airbyte`) into the warehouse."""
    from supportmetrics.vendor_load import VendorLoadError, load_vendor
    from supportmetrics.warehouse import connect

    con = connect()
    try:
        loaded = load_vendor(raw_dir, con, shape, schema)
    except VendorLoadError as exc:
        console.print(f"[bold red]Load failed:[/bold red] {exc}")
        raise typer.Exit(code=2) from None
    finally:
        con.close()
    for result in loaded.tables:
        console.print(f"  {result.table:<22} {result.rows:>10,} rows")
    for note in loaded.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")


def _load(raw_dir: Path, target: str = "duckdb", recursive: bool = False) -> None:
    from supportmetrics.load import LoadError, load_raw
    from supportmetrics.warehouse import connect

    try:
        if target == "postgres":
            from supportmetrics.postgres_load import load_raw_postgres

            results = load_raw_postgres(raw_dir)
        else:
            con = connect()
            try:
                results = load_raw(raw_dir, con, recursive=recursive)
            finally:
                con.close()
    except LoadError as exc:
        console.print(f"[bold red]Load failed:[/bold red] {exc}", markup=True, highlight=False)
        raise typer.Exit(code=2) from None
    root = raw_dir.resolve()
    for result in results:
        status = f"{result.rows:>10,} rows"
        if result.rejected_lines:
            status += f", {result.rejected_lines} malformed line(s) kept in raw._load_rejects"
        status += f" ({result.file_records:,} records in {len(result.files) + result.unchanged_files} file(s))"
        console.print(f"  {result.table:<22} {status}", highlight=False)
        for loaded in result.files:
            console.print(f"    [green]loaded[/green]  {_relative(loaded, root)}", highlight=False)
        for skipped in result.skipped:
            console.print(f"    [yellow]skipped[/yellow] {_relative(skipped, root)}", highlight=False)
        for note in result.notes:
            console.print(f"    [yellow]note[/yellow] {note}", highlight=False)


def _relative(text: str, root: Path) -> str:
    prefix = str(root) + "/"
    return text[len(prefix):] if text.startswith(prefix) else text


@app.command()
def load(
    raw_dir: Annotated[Path, typer.Option(help="Directory of canonical raw files")] = Path("data/demo"),
    target: Annotated[str, typer.Option(help="duckdb (embedded) or postgres (SUPPORTMETRICS_PG_* env vars)")] = "duckdb",
    recursive: Annotated[bool, typer.Option(help="Also read sub-folders of table folders (skipped otherwise)")] = False,
) -> None:
    """Load canonical raw files (Parquet/CSV, file or folder per table) into the warehouse."""
    where = paths.warehouse_path() if target == "duckdb" else "PostgreSQL schema raw"
    console.print(f"Loading {raw_dir} into {where}")
    _load(raw_dir, target, recursive)


@app.command()
def build(
    raw_dir: Annotated[Optional[Path], typer.Option(help="Load this directory first")] = None,
    full_refresh: Annotated[Optional[bool], typer.Option(
        "--full-refresh/--incremental",
        help="Rebuild everything, or process only what the last load added. Default: incremental, "
             "unless this is the first build or the last load removed or replaced rows")] = None,
    recursive: Annotated[bool, typer.Option(help="Also read sub-folders of table folders (skipped otherwise)")] = False,
) -> None:
    """Load (optional), validate, `dbt build` (seeds, models, tests), print the scorecard."""
    _build(raw_dir, full_refresh, recursive)
    summary()


def _build(raw_dir: Optional[Path], full_refresh: Optional[bool], recursive: bool = False) -> None:
    from supportmetrics.dbt_runner import run_dbt
    from supportmetrics.warehouse import full_refresh_reason

    if raw_dir is not None:
        _load(raw_dir, recursive=recursive)
    validate()
    if full_refresh is None:
        reason = full_refresh_reason()
        full_refresh = reason is not None
        console.print(f"Full refresh: {reason}" if reason else "Incremental build: only new raw rows are processed")
    args = ["build"] + (["--full-refresh"] if full_refresh else [])
    run_dbt(args)


@app.command()
def validate(
    max_rows: Annotated[Optional[int], typer.Option(
        help="Rows validated per table; larger tables use a deterministic sample (default 200000, 0 = all)")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every expectation, not only failing ones")] = False,
) -> None:
    """Validate the raw tables with Great Expectations (suites generated from the contract); never blocks."""
    from supportmetrics.validate import DEFAULT_MAX_ROWS, run_validation

    run_validation(console, max_rows=DEFAULT_MAX_ROWS if max_rows is None else max_rows, show_all=show_all)


@app.command()
def summary() -> None:
    """Print the headline metrics from the marts."""
    from supportmetrics.summary import print_summary

    print_summary(console)


@app.command()
def demo(
    conversations: Annotated[Optional[int], typer.Option(help="Conversations to generate")] = None,
    profile: Annotated[str, typer.Option(help="Maturity preset")] = DEMO_PROFILE,
) -> None:
    """Generate the demo data set, load it, build everything, write the report, print the scorecard."""
    generate(out=None, profile=profile, conversations=conversations)
    _build(raw_dir=paths.demo_data_dir(), full_refresh=True)
    report(out=None)
    summary()


@app.command()
def bench(
    sizes: Annotated[str, typer.Option(help="A preset (default: 100k,300k,1M; scale: 1M,3M,10M; quick: 20k,100k) "
                                            "or comma-separated conversation counts (100000, 300k, 1M)")] = "default",
    repeats: Annotated[int, typer.Option(help="Repeats per measurement (median reported)")] = 3,
    work_dir: Annotated[Path, typer.Option(help="Scratch directory for data sets and warehouses")] = Path("data/bench"),
    shapes: Annotated[str, typer.Option(help="Comma-separated vendor shapes to build too (zendesk_fivetran, zendesk_airbyte, intercom_fivetran, intercom_airbyte); empty: none")] = "zendesk_fivetran,intercom_fivetran",
) -> None:
    """Benchmark load, full build, peak memory and a one-day incremental run (make bench), and the
    full build of each vendor shape of the same data set."""
    from supportmetrics.bench import run_bench
    from supportmetrics.bench_targets import parse_sizes

    try:
        counts = parse_sizes(sizes)
    except ValueError as exc:
        console.print(f"[bold red]Bad --sizes:[/bold red] {exc}", highlight=False)
        raise typer.Exit(code=2) from None
    run_bench(counts, repeats, work_dir.resolve(), console, [s for s in shapes.split(",") if s])


@app.command("contract-docs")
def contract_docs(
    out: Annotated[Path, typer.Option(help="Markdown file to write")] = Path("docs/raw-contract.md"),
) -> None:
    """Write the raw contract as Markdown (generated from the sources YAML)."""
    from supportmetrics.contract_docs import render_markdown

    out.write_text(render_markdown())
    console.print(f"Wrote {out}")


@app.command()
def report(
    out: Annotated[Optional[Path], typer.Option(help="HTML file to write (default: reports/supportmetrics-report.html)")] = None,
) -> None:
    """Write the visual report: one self-contained HTML page of charts from the marts (works offline)."""
    from supportmetrics.report import write_report

    try:
        path = write_report(out)
    except FileNotFoundError as exc:
        console.print(f"[bold red]Report failed:[/bold red] {exc}")
        raise typer.Exit(code=2) from None
    console.print(f"[green]Report written[/green] to {path}")


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM outside dbt: stop cleanly (open transactions roll back, no traceback)."""
    from supportmetrics.dbt_runner import BuildInterrupted

    raise BuildInterrupted(signum, during="the command")


def main() -> None:
    """The console entry: problems of the environment are one clean line, never a traceback."""
    import signal
    import sys

    from supportmetrics.dbt_runner import BuildInterrupted
    from supportmetrics.errors import SettingsError, WarehouseLockedError

    logging.basicConfig(level=logging.WARNING)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except WarehouseLockedError as exc:
        console.print(f"[bold red]Warehouse locked:[/bold red] {exc}", highlight=False)
        sys.exit(3)
    except SettingsError as exc:
        console.print(f"[bold red]Bad setting:[/bold red] {exc}", highlight=False)
        sys.exit(2)
    except BuildInterrupted as exc:
        console.print(f"[bold red]Stopped:[/bold red] {exc}; run the same command again to finish "
                      "(an interrupted load or build leaves nothing half-done)", highlight=False)
        sys.exit(128 + exc.signum)


if __name__ == "__main__":
    main()
