"""Where things live: project root, demo data, warehouse file, reports."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The dbt project directory (holds dbt_project.yml).

    `SUPPORTMETRICS_PROJECT_DIR` overrides; otherwise walk up from the current directory,
    then from this file (editable installs live inside the project).
    """
    override = os.environ.get("SUPPORTMETRICS_PROJECT_DIR")
    if override:
        return Path(override).resolve()
    for start in (Path.cwd(), Path(__file__).resolve()):
        for candidate in (start, *start.parents):
            if (candidate / "dbt_project.yml").is_file():
                return candidate
    raise FileNotFoundError("Cannot find dbt_project.yml; set SUPPORTMETRICS_PROJECT_DIR")


def warehouse_path() -> Path:
    """The embedded DuckDB warehouse file (`SUPPORTMETRICS_DUCKDB_PATH` overrides)."""
    override = os.environ.get("SUPPORTMETRICS_DUCKDB_PATH")
    if override:
        return Path(override).resolve()
    return project_root() / "warehouse" / "supportmetrics.duckdb"


def demo_data_dir() -> Path:
    """Where `generate` writes the demo raw files by default."""
    return project_root() / "data" / "demo"


def reports_dir() -> Path:
    """Validation results, HTML report and benchmark output (`SUPPORTMETRICS_REPORTS_DIR`)."""
    override = os.environ.get("SUPPORTMETRICS_REPORTS_DIR")
    return Path(override).resolve() if override else project_root() / "reports"


def sources_yaml() -> Path:
    """The single declaration of the raw contract."""
    return project_root() / "models" / "staging" / "helpdesk" / "_helpdesk__sources.yml"
