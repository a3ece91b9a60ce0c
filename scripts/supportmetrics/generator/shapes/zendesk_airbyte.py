"""The generated helpdesk as Airbyte's Zendesk Support connector lands it.

Built from the Fivetran shape of the same helpdesk (zendesk_fivetran.py), so both connectors
describe the same tickets: one Parquet file per Airbyte stream (`tickets.parquet`,
`ticket_comments.parquet`, `ticket_audits.parquet`, ...), with the connector's stream and field
names, nested fields as JSON text (a ticket's `via`, `tags` and `custom_fields`, an
organization's `organization_fields`, an audit's `events`), timestamps as ISO-8601 text in UTC
(`...Z`) and Airbyte's `_airbyte_raw_id` / `_airbyte_extracted_at` / `_airbyte_meta` columns.
A deleted ticket's tickets record has status `deleted`, as the connector lands it (its
`deleted_tickets` stream existed in version 1.7.x only; the adapter still reads it when var
`zendesk_airbyte_deleted_tickets` is true, but the demo does not write it).

Field changes become ticket audits: the changes one user made to one ticket at one time form
one audit whose `events` are `Change` events (field_name, value, previous_value); each audit
also carries a `Notification` event, which is not a field change. The shape carries what the
Fivetran one carries (README, "Connect Zendesk"); the segment travels as the organization field
`custom_segment`, intents and handoff triggers as tags.
"""

from __future__ import annotations

from pathlib import Path


from supportmetrics.generator.shapes import airbyte_meta_columns, write_airbyte_from_fivetran, zendesk_fivetran

SEGMENT_FIELD = zendesk_fivetran.SEGMENT_COLUMN


def _iso(column: str) -> str:
    """A timestamp column as Airbyte's ISO-8601 text in UTC."""
    return f"strftime({column}, '%Y-%m-%dT%H:%M:%S.%fZ')"


def _airbyte_columns(key: str, extracted_at: str) -> str:
    """Airbyte's meta columns of a record keyed by `key` (the raw id hashes the key's expression
    text, a colon and the key's value)."""
    return airbyte_meta_columns(f"'{key}:' || {key}", extracted_at)


# Airbyte stream -> select over the Fivetran tables (registered as views named ft_<table>)
TABLES: dict[str, str] = {
    "tickets": f"""
        select
            t.id, t.requester_id, t.submitter_id, t.assignee_id, t.group_id, t.organization_id, t.brand_id,
            to_json({{'channel': t.via_channel, 'source': {{'rel': null}}}})::varchar as via,
            case when t._fivetran_deleted then 'deleted' else t.status end as status,
            t.priority, t.subject, t.type,
            coalesce(to_json(tags.tags)::varchar, '[]') as tags,
            '[]' as custom_fields,
            {_iso('t.created_at')} as created_at, {_iso('t.updated_at')} as updated_at,
            {_airbyte_columns('t.id', 't._fivetran_synced')}
        from ft_ticket t
        left join (select ticket_id, list(tag order by tag) as tags from ft_ticket_tag group by 1) tags
            on t.id = tags.ticket_id
    """,
    "ticket_comments": f"""
        select
            id, ticket_id, user_id as author_id, body, cast(null as varchar) as html_body, body as plain_body,
            public, to_json({{'channel': 'web'}})::varchar as via, 'Comment' as type,
            {_iso('created')} as created_at,
            {_airbyte_columns('id', '_fivetran_synced')}
        from ft_ticket_comment
    """,
    "ticket_audits": f"""
        with changes as (
            select
                *,
                lag(value) over (partition by ticket_id, field_name order by updated, value) as previous_value,
                dense_rank() over (order by ticket_id, updated, coalesce(user_id, '')) as audit_number
            from ft_ticket_field_history
        )
        select
            'aud_' || lpad(cast(audit_number as varchar), 8, '0') as id,
            ticket_id,
            coalesce(user_id, '-1') as author_id,
            {_iso('updated')} as created_at,
            to_json(list({{'id': audit_number * 100 + position, 'type': 'Change', 'field_name': field_name,
                           'value': value, 'previous_value': previous_value}} order by position)
                    || [{{'id': audit_number * 100, 'type': 'Notification', 'field_name': null,
                          'value': null, 'previous_value': null}}])::varchar as events,
            md5('aud:' || audit_number) as _airbyte_raw_id,
            cast(max(_fivetran_synced) as timestamptz) as _airbyte_extracted_at,
            '{{"changes": []}}' as _airbyte_meta
        from (select *, row_number() over (partition by audit_number order by field_name, value) as position
              from changes)
        group by audit_number, ticket_id, user_id, updated
    """,
    "users": f"""
        select
            id, name, email, role, organization_id, active,
            {_iso('created_at')} as created_at, {_iso('updated_at')} as updated_at,
            {_airbyte_columns('id', '_fivetran_synced')}
        from ft_user
    """,
    "organizations": f"""
        select
            id, name, to_json({{'{SEGMENT_FIELD}': {SEGMENT_FIELD}}})::varchar as organization_fields,
            {_iso('created_at')} as created_at, {_iso('updated_at')} as updated_at,
            cast(null as varchar) as deleted_at,
            {_airbyte_columns('id', '_fivetran_synced')}
        from ft_organization
    """,
    "groups": f"""
        select id, name, false as deleted, {_airbyte_columns('id', '_fivetran_synced')}
        from ft_group
    """,
    "satisfaction_ratings": f"""
        select
            id, ticket_id, score, comment,
            {_iso('created_at')} as created_at, {_iso('updated_at')} as updated_at,
            {_airbyte_columns('id', '_fivetran_synced')}
        from ft_satisfaction_rating
    """,
    "brands": f"""
        select id, name, false as is_deleted, {_airbyte_columns('id', '_fivetran_synced')}
        from ft_brand
    """,
}


def convert(canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the Airbyte Zendesk Support streams of the canonical helpdesk in `canonical_dir` to
    `out_dir` (one `<stream>.parquet` each); returns the rows written per stream."""
    return write_airbyte_from_fivetran(zendesk_fivetran.convert, zendesk_fivetran.TABLES, TABLES, canonical_dir, out_dir)
