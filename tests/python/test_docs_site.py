"""The docs site: `dbt docs generate --static` writes one self-contained page
(target/static_index.html) that renders offline in headless Chromium: a mart's page with its
lineage (depends on, referenced by with its dashboards, the lineage graph) and a semantic-layer
metric.

Chromium: `chromium` on PATH (Debian package; `make test` installs it when run as root) or
SUPPORTMETRICS_CHROMIUM=/path/to/binary. Without it these tests skip, unless
SUPPORTMETRICS_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import BuiltWarehouse
from test_semantic_layer import bi_demo_warehouse

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# headless, root-safe, and offline: every host name fails to resolve, so the page must be self-contained
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
MART = "fct_resolution_quality"
DASHBOARDS = {"stage_scorecard_dashboard", "resolution_quality_dashboard", "handoff_quality_dashboard",
              "knowledge_gaps_dashboard"}


# --- headless Chromium (also used by test_report.py) ---------------------------------------------------


def chromium_or_skip() -> str:
    """The Chromium binary; skip (or fail when SUPPORTMETRICS_REQUIRE_BROWSER=1) when there is none."""
    override = os.environ.get("SUPPORTMETRICS_CHROMIUM")
    found = override if override and Path(override).exists() else next(
        (path for name in BROWSER_NAMES if (path := shutil.which(name))), None)
    if found:
        return found
    message = ("headless Chromium is not installed (apt-get install chromium, or set SUPPORTMETRICS_CHROMIUM); "
               "`make test` installs it when run as root")
    if os.environ.get("SUPPORTMETRICS_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " [SUPPORTMETRICS_REQUIRE_BROWSER=1]")
    pytest.skip(message)


def run_chromium(args: list[str], *, budget_ms: int = 15000, timeout: int = 240) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium with a throw-away profile; `budget_ms` of virtual time lets the page's scripts finish."""
    browser = chromium_or_skip()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        proc = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", *args],
            capture_output=True, timeout=timeout,
        )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def dump_dom(url: str, **kwargs: int) -> str:
    """The DOM after the page's scripts ran, without <script> and <style> contents."""
    dom = run_chromium(["--dump-dom", url], **kwargs).stdout.decode("utf-8", errors="replace")
    dom = re.sub(r"<script\b.*?</script>", "", dom, flags=re.S | re.I)
    return re.sub(r"<style\b.*?</style>", "", dom, flags=re.S | re.I)


def screenshot(url: str, png: Path, *, width: int = 1400, height: int = 3000, **kwargs: int) -> Path:
    run_chromium([f"--screenshot={png}", f"--window-size={width},{height}", url], **kwargs)
    assert png.exists(), f"Chromium wrote no screenshot to {png}"
    return png


# --- exposures (fast: the parsed manifest) --------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(dbt_parse_cache: Path | None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """target/manifest.json of the session's `dbt parse` (or of a parse of our own)."""
    import json

    from conftest import dbt_build_env, run_dbt

    if dbt_parse_cache is not None and (dbt_parse_cache.parent / "manifest.json").exists():
        return json.loads((dbt_parse_cache.parent / "manifest.json").read_text())
    work = tmp_path_factory.mktemp("docs_parse")
    run_dbt(["parse", "--quiet"], dbt_build_env(work), cwd=work)
    return json.loads((work / "target" / "manifest.json").read_text())


def test_dashboards_are_declared_as_exposures(manifest: dict[str, Any]) -> None:
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert DASHBOARDS <= set(exposures)
    for name, exposure in exposures.items():
        assert exposure["owner"].get("name") or exposure["owner"].get("email"), name
        assert exposure["maturity"] in {"low", "medium", "high"}, name
        assert len(exposure["description"]) > 200, f"{name}: describe what the dashboard shows and for whom"
        assert not exposure.get("url"), f"{name}: no placeholder URLs"
        parents = exposure["depends_on"]["nodes"]
        assert parents, name
        for parent in parents:  # dashboards read marts (or seeds), never staging or intermediate models
            node = manifest["nodes"][parent]
            assert node["resource_type"] == "seed" or node["schema"] == "marts", (name, parent)


# --- the docs site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return bi_demo_warehouse(tmp_path_factory, warehouse_builder)


@pytest.fixture(scope="module")
def static_page(built: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt docs generate --static`, then the page alone in an empty directory (no manifest or catalog beside it)."""
    built.dbt("docs", "generate", "--static", "--quiet")
    page = built.target_dir / "static_index.html"
    assert page.exists(), "dbt docs generate --static wrote no static_index.html"
    alone = tmp_path_factory.mktemp("docs_site") / "static_index.html"
    shutil.copy(page, alone)
    return alone


def _section(dom: str, section_id: str) -> str:
    """The HTML of the docs page section whose anchor is `section_id` (up to the next section)."""
    start = dom.find(f'id="{section_id}"')
    assert start >= 0, f"no section {section_id} in the rendered page"
    end = dom.find('<section class="section"', start)
    return dom[start:end if end > 0 else len(dom)]


@pytest.mark.slow
def test_static_page_is_one_self_contained_file(static_page: Path) -> None:
    text = static_page.read_text(encoding="utf-8", errors="replace")
    assert len(text) > 500_000  # the manifest and catalog are inlined
    external = re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]+\"", text, flags=re.I)
    assert external == [], f"the page loads external resources: {external[:5]}"
    assert f"model.supportmetrics.{MART}" in text


@pytest.mark.slow
def test_mart_page_renders_with_its_lineage(static_page: Path) -> None:
    dom = dump_dom(f"{static_page.as_uri()}#!/model/model.supportmetrics.{MART}?g_v=1")
    title = re.search(r"<h1>\s*<span[^>]*>([^<]+)</span>", dom)
    assert title is not None and title.group(1).strip() == MART, "the model page did not render"
    # the description and the columns of the mart are on the page
    assert "deflection_vs_true_resolution_gap_points" in dom
    # depends on: the daily counts it is rebuilt from
    depends_on = _section(dom, "depends_on")
    assert "Depends On" in depends_on
    assert re.search(rf'href="#!/model/model\.supportmetrics\.{MART}_daily(\?[^"]*)?"', depends_on)
    # referenced by: the dashboards (exposures) built on it (no mart reads it: the stage marts are
    # rebuilt from intermediate counts, which keeps the DAG shallow)
    referenced_by = _section(dom, "referenced_by")
    assert "Referenced By" in referenced_by
    assert re.search(r'class="ng-binding">\s*Exposures\s*</a>', referenced_by), "no exposure references the mart"
    # the lineage graph (cytoscape) drew into its canvases
    graph = dom[dom.find("cytoscape_container"):]
    assert "cytoscape_container" in dom and "<canvas" in graph[:5000], "the lineage graph did not render"


@pytest.mark.slow
def test_semantic_layer_metric_page_renders(static_page: Path) -> None:
    dom = dump_dom(f"{static_page.as_uri()}#!/metric/metric.supportmetrics.true_resolution_rate")
    assert "True resolution rate" in dom
    assert "judged AI-involved conversations" in dom
