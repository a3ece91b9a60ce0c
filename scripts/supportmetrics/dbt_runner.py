"""Run dbt as a subprocess with the project's profile and warehouse settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from supportmetrics.paths import project_root, warehouse_path


def dbt_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for dbt: the bundled profile, the warehouse path, no usage tracking."""
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(project_root() / "profiles"))
    env.setdefault("SUPPORTMETRICS_DUCKDB_PATH", str(warehouse_path()))
    env["DO_NOT_TRACK"] = "1"
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    env.update(extra or {})
    return env


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's virtual environment)."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(args: list[str], *, extra_env: dict[str, str] | None = None, check: bool = True) -> int:
    """Run `dbt <args>` in the project directory, streaming its output."""
    root = project_root()
    warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([dbt_executable(), *args], cwd=root, env=dbt_env(extra_env))
    if check and proc.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed with exit code {proc.returncode}")
    return proc.returncode
