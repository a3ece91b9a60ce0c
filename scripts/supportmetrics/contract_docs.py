"""Render the raw contract (sources YAML) as Markdown: docs/raw-contract.md is generated from it."""

from __future__ import annotations

from supportmetrics.contract import Column, Table, load_contract, load_parsing_rules


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


def _reading_rules() -> list[str]:
    """How values are read, from the dbt vars the SQL macros and validate.py share."""
    rules = load_parsing_rules()
    tokens = ", ".join(f"`{t}`" for t in rules.null_tokens)
    formats = ", ".join(f"`{f}`" for f in rules.timestamp_formats)
    return [
        "## Reading values",
        "",
        "Declared once as dbt vars in `dbt_project.yml` (read by `macros/parsing.sql` and by "
        "`supportmetrics validate`):",
        "",
        f"- **No value** (var `null_tokens`): empty text, whitespace-only text and the tokens {tokens} "
        "(any case, after trimming) are null in every column, unless the column declares the token as "
        "a value or an alias (then it keeps that meaning). A key written this way is a `null_key`, a "
        "required column a `missing_required`.",
        "- **Timestamps**: ISO-8601 with or without a UTC offset (`Z`, `+02:00`; converted to UTC), "
        f"the formats {formats} (var `timestamp_formats`, read as UTC) and epoch seconds. "
        "A date alone (`2026-02-07`) is midnight UTC.",
        "- **Time-zone names** (var `timestamp_zone_patterns`): `UTC`, `GMT` and IANA region names "
        "(`2026-02-07 09:00 America/New_York`) are converted to UTC. Abbreviations and GMT offsets "
        "(`CET`, `EST`, `GMT+2`: ambiguous) and unknown regions are quarantined as "
        "`timestamp_zone_unsupported`; a zone name is never dropped.",
        "- **Versions**: of two rows with the same key, the later cursor wins. Rows with the same key "
        "and the same cursor but different content are a version conflict: the row of the last-loaded "
        "file wins, then the last file name, then the last row; the others are superseded and listed "
        "in `fct_version_conflicts`. Byte-identical rows are exact duplicates.",
        "",
    ]


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
        *_reading_rules(),
    ]
    for table in load_contract().values():
        lines += _table(table)
    return "\n".join(lines)
