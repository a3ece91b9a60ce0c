"""Render the raw contract (sources YAML) as Markdown: docs/raw-contract.md is generated from it."""

from __future__ import annotations

from supportmetrics.contract import Column, Table, load_contract


def _rules(column: Column) -> str:
    parts: list[str] = []
    if column.required:
        parts.append("required")
    if column.enum:
        parts.append("one of " + ", ".join(f"`{v}`" for v in column.enum))
    if column.min is not None or column.max is not None:
        parts.append(f"range {column.min if column.min is not None else ''}..{column.max if column.max is not None else ''}")
    if column.references:
        parts.append(f"references `{column.references}`")
    if column.not_before:
        parts.append(f"not before `{column.not_before}`")
    if column.pii:
        parts.append("**PII**")
    return "; ".join(parts)


def _table(table: Table) -> list[str]:
    lines = [
        f"## {table.name}",
        "",
        f"{'Required' if table.required_table else 'Optional'} table; key "
        f"({', '.join(table.primary_key)}){f'; cursor `{table.cursor}`' if table.cursor else ''}.",
        "",
        "| column | type | rules |",
        "|---|---|---|",
    ]
    lines += [f"| {c.name} | {c.type} | {_rules(c)} |" for c in table.columns]
    return lines + [""]


def render_markdown() -> str:
    """The whole contract as one Markdown page."""
    lines = [
        "# Raw input contract",
        "",
        "Generated from `models/staging/helpdesk/_helpdesk__sources.yml` by "
        "`supportmetrics contract-docs`; do not edit by hand.",
        "",
        "Files: `<table>.parquet`, `<table>.csv` or a folder `<table>/` of such files. Timestamps in UTC "
        "(ISO-8601 with or without offset; offsets are converted to UTC). Rows that break a rule are "
        "quarantined with the reason, never dropped silently.",
        "",
    ]
    for table in load_contract().values():
        lines += _table(table)
    return "\n".join(lines)
