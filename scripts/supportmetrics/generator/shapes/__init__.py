"""Vendor shapes of the generated demo helpdesk: the canonical raw files rewritten as a
connector would land them (one module per shape)."""

from __future__ import annotations

SHAPES = ("canonical", "zendesk_fivetran", "zendesk_airbyte", "intercom_fivetran")
