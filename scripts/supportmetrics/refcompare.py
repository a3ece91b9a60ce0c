"""Build one generated helpdesk at two git refs of this project and compare their marts row by row.

A refactoring must not change a number: `supportmetrics compare-refs --base REF --head REF`
(or `make compare-refs BASE=REF HEAD=REF`) checks out both refs into temporary git worktrees,
generates one data set with the base ref's generator, loads and builds it at each ref into its
own DuckDB warehouse (seeds + models, full refresh, no tests) and compares every table of the
`marts` schema (and, with --schema, others). Columns are compared by name; a column or table
only one side has is listed, not compared. Exit code 1 when a shared table differs or a base
table is missing at head.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from supportmetrics.compare import compare_rows, list_tables
from supportmetrics.paths import project_root

PILOT_VARS = '{"pilot_start_date": "2026-09-07"}'


@dataclass
class RefBuild:
    ref: str
    sha: str
    tree: Path
    warehouse: Path


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _env(build: RefBuild) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DO_NOT_TRACK": "1",
        "PYTHONPATH": str(build.tree / "scripts"),
        "SUPPORTMETRICS_PROJECT_DIR": str(build.tree),
        "SUPPORTMETRICS_DUCKDB_PATH": str(build.warehouse),
        "SUPPORTMETRICS_TARGET": "duckdb",
        "DBT_TARGET_PATH": str(build.tree / "target"),
        "DBT_LOG_PATH": str(build.tree / "logs"),
        "DBT_PROFILES_DIR": str(build.tree / "profiles"),
        "SUPPORTMETRICS_REPORTS_DIR": str(build.tree / "reports"),
    })
    return env


def _run(cmd: list[str], build: RefBuild, label: str) -> None:
    print(f"[{build.ref}] {label}", flush=True)
    proc = subprocess.run(cmd, cwd=build.tree, env=_env(build), capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise SystemExit(f"[{build.ref}] {label} failed ({proc.returncode}):\n{tail}")


def _build(build: RefBuild, raw_dir: Path) -> None:
    bindir = Path(sys.executable).parent
    (build.tree / "warehouse").mkdir(exist_ok=True)
    _run([str(bindir / "supportmetrics"), "load", "--raw-dir", str(raw_dir)], build, "load")
    _run([str(bindir / "dbt"), "seed", "--full-refresh", "--quiet"], build, "dbt seed")
    _run([str(bindir / "dbt"), "run", "--full-refresh", "--quiet", "--vars", PILOT_VARS], build, "dbt run")


def _compare(base: RefBuild, head: RefBuild, schemas: list[str]) -> int:
    left = duckdb.connect(str(base.warehouse), read_only=True)
    right = duckdb.connect(str(head.warehouse), read_only=True)
    base_tables = set(list_tables(left, schemas))
    head_tables = set(list_tables(right, schemas))
    failures = 0
    for relation in sorted(base_tables - head_tables):
        print(f"MISSING at head: {relation}")
        failures += 1
    for relation in sorted(head_tables - base_tables):
        print(f"new at head (not compared): {relation}")
    identical = 0
    for relation in sorted(base_tables & head_tables):
        lcols = [d[0] for d in left.execute(f"select * from {relation} limit 0").description]
        rcols = {d[0] for d in right.execute(f"select * from {relation} limit 0").description}
        shared = [c for c in lcols if c in rcols]
        extra = sorted(rcols - set(lcols))
        dropped = [c for c in lcols if c not in rcols]
        select = ", ".join(f'"{c}"' for c in shared)
        problems = compare_rows(relation, shared, left.execute(f"select {select} from {relation}").fetchall(),
                                right.execute(f"select {select} from {relation}").fetchall())
        if dropped:
            problems.append(f"{relation}: columns dropped at head: {dropped}")
        for problem in problems:
            print(f"DIFFERS: {problem}")
        failures += bool(problems)
        identical += not problems
        if extra:
            print(f"{relation}: new columns at head (not compared): {extra}")
    print(f"{identical} of {len(base_tables)} base tables identical at head; {failures} problem(s)")
    return 1 if failures else 0


def compare_refs(base_ref: str, head_ref: str, conversations: int = 3000, schemas: list[str] | None = None,
                 keep: bool = False) -> int:
    repo = project_root()
    work = Path(tempfile.mkdtemp(prefix="refcompare-"))
    builds: list[RefBuild] = []
    try:
        for name, ref in (("base", base_ref), ("head", head_ref)):
            sha = _git("rev-parse", ref, cwd=repo)
            tree = work / name
            _git("worktree", "add", "--detach", str(tree), sha, cwd=repo)
            builds.append(RefBuild(ref=f"{name} {ref}", sha=sha, tree=tree, warehouse=work / f"{name}.duckdb"))
        base, head = builds
        raw = work / "raw"
        bindir = Path(sys.executable).parent
        _run([str(bindir / "supportmetrics"), "generate", "--out", str(raw), "--conversations", str(conversations)],
             base, "generate")
        for build in builds:
            _build(build, raw)
        return _compare(base, head, schemas or ["marts"])
    finally:
        for build in builds:
            subprocess.run(["git", "worktree", "remove", "--force", str(build.tree)], cwd=repo,
                           capture_output=True)
        if keep:
            print(f"warehouses kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m supportmetrics.refcompare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git ref before the change")
    parser.add_argument("--head", default="HEAD", help="git ref after the change (default HEAD)")
    parser.add_argument("--conversations", type=int, default=3000)
    parser.add_argument("--schema", action="append", help="schemas to compare (default: marts)")
    parser.add_argument("--keep", action="store_true", help="keep the two warehouses")
    args = parser.parse_args(argv)
    return compare_refs(args.base, args.head, args.conversations, args.schema, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
