"""Run dbt as a subprocess with the project's profile and warehouse settings.

dbt runs in its own process group. SIGINT (Ctrl-C) and SIGTERM received by `supportmetrics` are
forwarded to that group, dbt is given a few seconds to stop and is killed otherwise, and
BuildInterrupted is raised, so an interrupted build never leaves dbt running on. On Linux the
child also gets SIGTERM if the parent dies without a chance to forward (SIGKILL).
A warehouse held by another process is reported as WarehouseLockedError before dbt starts.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Callable

from supportmetrics.paths import project_root, warehouse_path

FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_GRACE_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


class BuildInterrupted(Exception):
    """dbt was stopped because `supportmetrics` received a signal."""

    def __init__(self, signum: int, during: str = "dbt") -> None:
        stopped = "dbt was stopped" if during == "dbt" else f"{during} was stopped"
        super().__init__(f"interrupted by {signal.Signals(signum).name}: {stopped}")
        self.signum = signum


def dbt_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for dbt: the bundled profile, the warehouse path, no usage tracking.

    The DuckDB memory limit and spill directory the profile reads are resolved here by
    warehouse.duckdb_settings (the same values connect() uses; SettingsError for a bad one).
    """
    from supportmetrics.warehouse import MEMORY_LIMIT_ENV, TEMP_DIR_ENV, duckdb_settings

    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(project_root() / "profiles"))
    env.setdefault("SUPPORTMETRICS_DUCKDB_PATH", str(warehouse_path()))
    env["DO_NOT_TRACK"] = "1"
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    env.update(extra or {})
    if env.get("SUPPORTMETRICS_TARGET", "duckdb") == "duckdb":
        settings = duckdb_settings(env, database=Path(env["SUPPORTMETRICS_DUCKDB_PATH"]))
        env[MEMORY_LIMIT_ENV] = settings["memory_limit"]
        env[TEMP_DIR_ENV] = settings["temp_directory"]
    return env


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's virtual environment)."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def _die_with_parent() -> None:
    """In the child before exec (Linux): receive SIGTERM when the parent dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (OSError, AttributeError):
        pass


def _stop(proc: subprocess.Popen[bytes], signum: int) -> None:
    """Forward `signum` to dbt's process group; kill the group if it does not stop in time."""
    try:
        os.killpg(proc.pid, signum)
        proc.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def run_child(command: list[str], *, cwd: Path, env: dict[str, str]) -> int:
    """Run `command` in its own process group, forwarding SIGINT/SIGTERM to it; its exit code.

    Raises BuildInterrupted after the child stopped when a signal was received.
    """
    received: list[int] = []

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    linux = sys.platform.startswith("linux")
    proc = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True,
                            preexec_fn=_die_with_parent if linux else None)
    previous: dict[int, Callable[..., object] | int | None] = {}
    try:
        for signum in FORWARDED_SIGNALS:
            previous[signum] = signal.signal(signum, forward)
    except ValueError:  # not the main thread: no handlers, the child is still waited for
        pass
    try:
        while True:
            try:
                returncode = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if received:
                    _stop(proc, received[0])
                    returncode = proc.returncode
                    break
    except BaseException:
        _stop(proc, signal.SIGTERM)
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise BuildInterrupted(received[0])
    return returncode


def run_dbt(args: list[str], *, extra_env: dict[str, str] | None = None, check: bool = True) -> int:
    """Run `dbt <args>` in the project directory, streaming its output."""
    from supportmetrics.warehouse import ensure_not_locked

    root = project_root()
    warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    ensure_not_locked()
    returncode = run_child([dbt_executable(), *args], cwd=root, env=dbt_env(extra_env))
    if returncode != 0:
        ensure_not_locked()  # another process took the warehouse while dbt started: say who
    if check and returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed with exit code {returncode}")
    return returncode
