"""The raw input contract, read from the dbt sources YAML (declared once, used everywhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from supportmetrics.paths import project_root, sources_yaml


@dataclass(frozen=True)
class Column:
    """One contract column and its rules."""

    name: str
    type: str = "string"
    required: bool = False
    enum: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    pii: bool = False
    references: str | None = None
    not_before: str | None = None


@dataclass(frozen=True)
class Table:
    """One raw table of the contract."""

    name: str
    required_table: bool
    primary_key: tuple[str, ...]
    cursor: str | None
    kind: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _column(raw: dict[str, Any]) -> Column:
    meta = raw.get("meta") or {}
    return Column(
        name=raw["name"],
        type=meta.get("type", "string"),
        required=bool(meta.get("required", False)),
        enum=tuple(str(v) for v in meta.get("enum", ()) or ()),
        aliases={str(k): str(v) for k, v in (meta.get("aliases") or {}).items()},
        min=meta.get("min"),
        max=meta.get("max"),
        pii=bool(meta.get("pii", False)),
        references=meta.get("references"),
        not_before=meta.get("not_before"),
    )


@lru_cache(maxsize=4)
def load_contract(path: Path | None = None) -> dict[str, Table]:
    """Parse the sources YAML into {table_name: Table}, in declaration order."""
    doc = yaml.safe_load((path or sources_yaml()).read_text())
    source = next(s for s in doc["sources"] if s["name"] == "helpdesk")
    tables: dict[str, Table] = {}
    for raw in source["tables"]:
        meta = raw.get("meta") or {}
        tables[raw["name"]] = Table(
            name=raw["name"],
            required_table=bool(meta.get("required_table", False)),
            primary_key=tuple(meta.get("primary_key", ())),
            cursor=meta.get("cursor"),
            kind=meta.get("kind", "event"),
            columns=tuple(_column(c) for c in raw.get("columns", [])),
        )
    return tables


LINEAGE_COLUMNS = ("_source_file", "_source_row", "_loaded_at")


WHITESPACE = " \t\r\n"
"""What macro strip_whitespace trims: spaces, tabs, carriage returns, line feeds."""


@dataclass(frozen=True)
class ParsingRules:
    """How raw text is read, declared once as dbt vars (dbt_project.yml) that the SQL macros
    (macros/parsing.sql) read too: the placeholder tokens meaning "no value" and the export
    timestamp formats accepted besides ISO-8601 and epoch seconds (strptime codes), and the
    zone-name patterns (`name`, `region`, `utc`)."""

    null_tokens: tuple[str, ...]
    timestamp_formats: tuple[str, ...]
    timestamp_zone_patterns: dict[str, str]
    future_tolerance_hours: int

    def placeholders(self, column: Column | None = None) -> set[str]:
        """The null tokens (lower-cased) of a column: every token except those the column
        declares as a value or an alias (macro null_if_placeholder)."""
        declared = {v.lower() for v in column.enum} | {a.lower() for a in column.aliases} if column else set()
        return {t.lower() for t in self.null_tokens} - declared


@lru_cache(maxsize=4)
def load_parsing_rules(path: Path | None = None) -> ParsingRules:
    """The parsing vars of dbt_project.yml (the same values every dbt run reads)."""
    doc = yaml.safe_load((path or project_root() / "dbt_project.yml").read_text())
    project_vars = doc.get("vars") or {}
    return ParsingRules(
        null_tokens=tuple(str(t) for t in project_vars["null_tokens"]),
        timestamp_formats=tuple(str(f) for f in project_vars["timestamp_formats"]),
        timestamp_zone_patterns={str(k): str(v) for k, v in project_vars["timestamp_zone_patterns"].items()},
        future_tolerance_hours=int(project_vars["future_tolerance_hours"]),
    )
