"""Which files of a raw directory belong to which table (one rule, printed per table).

- A table is `<table>.csv`, `<table>.csv.gz` or `<table>.parquet` in the raw directory, and/or a
  folder `<table>/` of such files. Names match case-insensitively (`Conversations.CSV`).
- Compressed CSV (`.csv.gz`) is read, unless a `.csv` of the same name sits beside it: then it is
  taken for a compressed copy of that file and skipped (loading both would double every row).
- Sub-folders of a table folder (backups, archives) are read only with `recursive=True`
  (`supportmetrics load --recursive`); otherwise they are skipped and reported.
- Hidden files (`.name`) and macOS resource forks (`._name`) are ignored; so are files with
  another extension. Everything skipped is reported with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".parquet", ".csv", ".csv.gz")


@dataclass
class TablePlan:
    """The files one table is loaded from, and what was skipped (with why)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), "")


def _stem(path: Path) -> str:
    suffix = suffix_of(path)
    return path.name[: len(path.name) - len(suffix)].lower() if suffix else path.name.lower()


def _skip_reason(path: Path, siblings: set[str]) -> str | None:
    """Why a file in a table's place is not loaded, or None when it is."""
    name = path.name
    if name.startswith("._"):
        return "macOS resource fork (._ file), ignored"
    if name.startswith("."):
        return "hidden file, ignored"
    suffix = suffix_of(path)
    if not suffix:
        return "not a .csv, .csv.gz or .parquet file, ignored"
    if suffix == ".csv.gz" and name[:-3].lower() in siblings:
        return f"compressed copy of {name[:-3]} beside it, skipped (the .csv is loaded)"
    return None


def _scan_folder(folder: Path, plan: TablePlan, recursive: bool) -> None:
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    siblings = {p.name.lower() for p in entries if p.is_file()}
    for entry in entries:
        if entry.is_dir():
            if entry.name.startswith("."):
                plan.skipped.append(f"{entry}/: hidden folder, ignored")
            elif recursive:
                _scan_folder(entry, plan, recursive)
            else:
                plan.skipped.append(f"{entry}/: sub-folder not read (use --recursive to read nested folders)")
            continue
        reason = _skip_reason(entry, siblings)
        if reason:
            plan.skipped.append(f"{entry}: {reason}")
        else:
            plan.files.append(entry)


def discover(raw_dir: Path, tables: list[str], recursive: bool = False) -> dict[str, TablePlan]:
    """{table: TablePlan} for every contract table (an empty plan when the table is absent)."""
    plans = {table: TablePlan() for table in tables}
    entries = sorted(raw_dir.iterdir(), key=lambda p: p.name)
    siblings = {p.name.lower() for p in entries if p.is_file()}
    for entry in entries:
        table = _stem(entry) if entry.is_file() else entry.name.lower()
        if table not in plans:
            continue
        plan = plans[table]
        if entry.is_dir():
            _scan_folder(entry, plan, recursive)
            continue
        reason = _skip_reason(entry, siblings)
        if reason:
            plan.skipped.append(f"{entry}: {reason}")
        else:
            plan.files.append(entry)
    for plan in plans.values():
        plan.files.sort(key=lambda p: (len(p.relative_to(raw_dir).parts), str(p)))
    return plans


def present_files(raw_dir: Path, limit: int = 20) -> str:
    """The raw directory's entries, for a 'table not found' message."""
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in raw_dir.iterdir())
    if not names:
        return "the directory is empty"
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    return f"present: {shown}"
