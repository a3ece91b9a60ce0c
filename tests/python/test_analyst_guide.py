"""The analyst guide's "add a model" skeleton works as written, and the project's checks catch
a new mart by themselves: the skeleton's blocks are added, exactly as the guide shows them, to a
copy of the project, which is then built over the clean fixture (its unit test, contract, data
tests and reconciliation run); a variant that exposes a PII column fails the build without any
list of models having been edited."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, dbt_build_env, fixture_dir, load_into
from supportmetrics.dbt_runner import dbt_executable

GUIDE = ROOT / "docs" / "analyst-guide.md"
MART = "fct_channel_true_resolution_monthly"
SKELETON = re.compile(r"<!-- skeleton: (append )?(\S+) -->\n\s*```(?:sql|yaml)\n(.*?)\n\s*```", re.S)
COPIED = ("models", "macros", "seeds", "tests", "analyses", "profiles", "dbt_project.yml", ".dbtignore")


def _skeleton_blocks() -> list[tuple[bool, str, str]]:
    """(append?, path, text) for each skeleton block; the guide indents them by 3 spaces (list item)."""
    return [(bool(append), path, "\n".join(line[3:] if line.startswith("   ") else line.strip()
                                            for line in body.split("\n")))
            for append, path, body in SKELETON.findall(GUIDE.read_text())]


def _copy_project(dest: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("python", "fixtures", "spark", "__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def _apply(project: Path, blocks: list[tuple[bool, str, str]]) -> None:
    for append, path, text in blocks:
        target = project / path
        if append:
            existing = target.read_text()
            assert existing.endswith("\n")
            target.write_text(existing + text + "\n")
        else:
            assert not target.exists(), f"the skeleton would overwrite {path}"
            target.write_text(text + "\n")


def _dbt(project: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dbt_build_env(work, {"DBT_PROFILES_DIR": str(project / "profiles")})
    return subprocess.run([dbt_executable(), *args, "--project-dir", str(project)], cwd=work, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def skeleton() -> list[tuple[bool, str, str]]:
    blocks = _skeleton_blocks()
    assert [p for _, p, _ in blocks] == [
        f"models/marts/resolution_quality/{MART}.sql",
        "models/marts/resolution_quality/_resolution_quality__models.yml",
        "models/marts/resolution_quality/_resolution_quality__unit_tests.yml",
        f"tests/marts/{MART}_reconciles_with_facts.sql",
    ]
    return blocks


@pytest.mark.slow
def test_the_guide_skeleton_builds_and_meets_every_project_rule(tmp_path: Path,
                                                                skeleton: list[tuple[bool, str, str]]) -> None:
    project = _copy_project(tmp_path / "project")
    _apply(project, skeleton)
    work = tmp_path / "work"
    work.mkdir()
    load_into(fixture_dir("clean_input"), work / "warehouse.duckdb")
    proc = _dbt(project, work, "build", "--select", f"+{MART}", "--exclude", "test_type:unit",
                "--indirect-selection", "cautious")
    assert proc.returncode == 0, proc.stdout[-4000:]
    unit = _dbt(project, work, "test", "--select", f"{MART},test_type:unit")
    assert unit.returncode == 0 and "PASS=1" in unit.stdout, unit.stdout[-3000:]

    manifest = json.loads((work / "target" / "manifest.json").read_text())
    node = manifest["nodes"][f"model.supportmetrics.{MART}"]
    assert node["access"] == "public" and node["config"]["contract"]["enforced"]
    assert any("assert_no_pii_columns" in h["sql"] for h in node["config"]["post-hook"])
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test"
             and node["unique_id"] in n["depends_on"]["nodes"]]
    assert any((t.get("test_metadata") or {}).get("name") == "unique_combination_of_columns" for t in tests)
    assert any(not t.get("test_metadata") and "reconciles" in t["name"] for t in tests)
    assert any(u["model"] == MART for u in manifest["unit_tests"].values())

    import duckdb
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        mart = con.execute(f"select sum(judged_ai_involved_conversations), sum(truly_resolved_conversations) "
                           f"from marts.{MART}").fetchone()
        facts = con.execute("select count(*), count(case when is_truly_resolved then 1 end) "
                            "from intermediate.int_conversation_facts "
                            "where is_ai_involved and not is_pending_window").fetchone()
    finally:
        con.close()
    assert mart == facts and facts[0] > 0


@pytest.mark.slow
def test_a_new_mart_exposing_pii_fails_the_build_without_editing_any_list(
        tmp_path: Path, skeleton: list[tuple[bool, str, str]]) -> None:
    leaky = []
    for append, path, text in skeleton:
        if path.endswith(f"{MART}.sql"):
            text = text.replace("        channel,\n        judged_ai_involved_conversations,",
                                "        channel,\n        'someone@example.com' as customer_email,\n"
                                "        judged_ai_involved_conversations,")
            assert "customer_email" in text
        elif path.endswith("__models.yml"):
            text += ("\n      - name: customer_email\n        description: the analyst's mistake.\n"
                     "        data_type: varchar")
        leaky.append((append, path, text))
    project = _copy_project(tmp_path / "project")
    _apply(project, leaky)
    work = tmp_path / "work"
    work.mkdir()
    load_into(fixture_dir("clean_input"), work / "warehouse.duckdb")
    proc = _dbt(project, work, "run", "--select", f"+{MART}")
    assert proc.returncode != 0
    assert f"PII check: public model {MART}" in proc.stdout and "customer_email" in proc.stdout, proc.stdout[-3000:]
