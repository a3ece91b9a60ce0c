"""The raw input contract, read from the dbt sources YAML (declared once, used everywhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from supportmetrics.paths import sources_yaml


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
