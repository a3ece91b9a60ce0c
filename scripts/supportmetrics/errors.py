"""Errors the command line reports as one clean message (no traceback)."""

from __future__ import annotations


class LoadError(Exception):
    """Input that cannot be loaded; the message names the table, file, line and column."""


class WarehouseLockedError(Exception):
    """The warehouse file is held by another process (a second build on the same warehouse)."""


class SettingsError(Exception):
    """An environment setting (e.g. SUPPORTMETRICS_DUCKDB_MEMORY_LIMIT) has a value that cannot be used."""
