"""The generated helpdesk as Airbyte's Intercom connector lands it.

Built from the Fivetran shape of the same helpdesk (intercom_fivetran.py), so both connectors
describe the same conversations: one Parquet file per Airbyte stream (`conversations.parquet`,
`conversation_parts.parquet`, `contacts.parquet`, `companies.parquet`, `admins.parquet`,
`teams.parquet`, `tags.parquet`), with the connector's stream and field names, nested fields as
JSON text (a conversation's `source`, `contacts`, `tags`, `teammates`, `statistics`,
`custom_attributes`, `conversation_rating` and `ai_agent`; a part's `author` and `assigned_to`; a
contact's `companies`; a company's `custom_attributes`; a team's `admin_ids`), timestamps as
Intercom's epoch seconds and Airbyte's `_airbyte_raw_id` / `_airbyte_extracted_at` /
`_airbyte_meta` columns.

Every Fivetran conversation version becomes one conversations record (an append sync keeps
each read), carrying the contacts and tags of that version; the segment travels as the company
custom attribute `custom_segment`, intents and handoff triggers as tags, Fin's verdict as the
object `ai_agent`. What the Fivetran shape cannot carry this one cannot either (README, "Connect
Intercom"); Airbyte also flags no deleted conversation (a deleted one stops being read).
"""

from __future__ import annotations

from pathlib import Path


from supportmetrics.generator.shapes import airbyte_meta_columns, intercom_fivetran, write_airbyte_from_fivetran

SEGMENT_ATTRIBUTE = intercom_fivetran.SEGMENT_COLUMN


def _epoch(column: str) -> str:
    """A timestamp column as Intercom's epoch seconds."""
    return f"cast(epoch({column}) as bigint)"


# Airbyte stream -> select over the Fivetran tables (registered as views named ft_<table>)
TABLES: dict[str, str] = {
    "conversations": f"""
        select
            c.id, {_epoch('c.created_at')} as created_at, {_epoch('c.updated_at')} as updated_at,
            c.state, c.priority, c.title,
            c.assignee_id as admin_assignee_id, c.team_assignee_id,
            to_json({{'type': c.source_type, 'id': c.source_id, 'delivered_as': 'customer_initiated',
                      'subject': c.source_subject, 'body': c.source_body,
                      'author': {{'id': c.source_author_id, 'type': c.source_author_type}}}})::varchar as source,
            to_json({{'type': 'contact.list', 'contacts': coalesce(contacts.contacts, [])}})::varchar as contacts,
            to_json({{'type': 'tag.list', 'tags': coalesce(tags.tags, [])}})::varchar as tags,
            to_json({{'type': 'admin.list', 'admins': coalesce(teammates.admins, [])}})::varchar as teammates,
            to_json({{'type': 'conversation_statistics', 'count_conversation_parts': coalesce(teammates.parts, 0)}})::varchar
                as statistics,
            '{{}}' as custom_attributes,
            case when c.conversation_rating_value is not null then
                to_json({{'rating': c.conversation_rating_value, 'remark': c.conversation_rating_remark,
                          'created_at': {_epoch('c.conversation_rating_created_at')}}})::varchar
            end as conversation_rating,
            c.ai_agent_participated,
            case when c.ai_agent_participated or c.ai_agent_resolution_state is not null then
                to_json({{'source_type': 'essentials_plan_setup', 'last_answer_type': c.ai_agent_last_answer_type,
                          'resolution_state': c.ai_agent_resolution_state, 'rating': c.ai_agent_rating,
                          'rating_remark': c.ai_agent_rating_remark}})::varchar
            end as ai_agent,
            {airbyte_meta_columns("c.id || ':' || cast(c.updated_at as varchar)", 'c._fivetran_synced')}
        from ft_conversation_history c
        left join (
            select conversation_id, conversation_updated_at,
                list({{'type': 'contact', 'id': contact_id}} order by contact_id) as contacts
            from ft_conversation_contact_history group by 1, 2
        ) contacts on contacts.conversation_id = c.id and contacts.conversation_updated_at = c.updated_at
        left join (
            select t.conversation_id, t.conversation_updated_at,
                list({{'type': 'tag', 'id': t.tag_id, 'name': tag.name}} order by t.tag_id) as tags
            from ft_conversation_tag_history t inner join ft_tag tag on tag.id = t.tag_id group by 1, 2
        ) tags on tags.conversation_id = c.id and tags.conversation_updated_at = c.updated_at
        left join (
            select conversation_id, conversation_updated_at, count(*) as parts,
                list(distinct {{'type': 'admin', 'id': author_id}}) filter (where author_type = 'admin') as admins
            from ft_conversation_part_history group by 1, 2
        ) teammates on teammates.conversation_id = c.id and teammates.conversation_updated_at = c.updated_at
    """,
    "conversation_parts": f"""
        select
            p.id, p.conversation_id, p.part_type, p.body,
            to_json({{'id': p.author_id, 'type': p.author_type}})::varchar as author,
            case when p.assigned_to_id is not null then
                to_json({{'type': p.assigned_to_type, 'id': p.assigned_to_id}})::varchar
            end as assigned_to,
            {_epoch('p.created_at')} as created_at, {_epoch('p.updated_at')} as updated_at,
            -- declared by the connector's schema but never filled (it adds only conversation_id)
            cast(null as bigint) as conversation_created_at,
            cast(null as bigint) as conversation_updated_at,
            {airbyte_meta_columns("p.id || ':' || cast(p.conversation_updated_at as varchar)", 'p._fivetran_synced')}
        from ft_conversation_part_history p
    """,
    "contacts": f"""
        select
            c.id, c.role, c.name, c.email,
            to_json({{'type': 'list', 'data': coalesce(companies.data, []),
                      'total_count': coalesce(len(companies.data), 0), 'has_more': false}})::varchar as companies,
            {_epoch('c.created_at')} as created_at, {_epoch('c.updated_at')} as updated_at,
            {airbyte_meta_columns("c.id || ':' || cast(c.updated_at as varchar)", 'c._fivetran_synced')}
        from ft_contact_history c
        left join (
            select contact_id, contact_updated_at, list({{'id': company_id, 'type': 'company'}} order by company_id) as data
            from ft_contact_company_history group by 1, 2
        ) companies on companies.contact_id = c.id and companies.contact_updated_at = c.updated_at
    """,
    "companies": f"""
        select
            id, id as company_id, name,
            to_json({{'{SEGMENT_ATTRIBUTE}': {SEGMENT_ATTRIBUTE}}})::varchar as custom_attributes,
            {_epoch('created_at')} as created_at, {_epoch('updated_at')} as updated_at,
            {airbyte_meta_columns("id || ':' || cast(updated_at as varchar)", '_fivetran_synced')}
        from ft_company_history
    """,
    "admins": f"""
        select
            a.id, a.name, a.email, 'admin' as type,
            coalesce(to_json(teams.team_ids)::varchar, '[]') as team_ids,
            {airbyte_meta_columns('a.id', 'a._fivetran_synced')}
        from ft_admin a
        left join (select admin_id, list(team_id order by team_id) as team_ids from ft_team_admin group by 1) teams
            on teams.admin_id = a.id
    """,
    "teams": f"""
        select
            t.id, t.name, 'team' as type,
            coalesce(to_json(members.admin_ids)::varchar, '[]') as admin_ids,
            {airbyte_meta_columns('t.id', 't._fivetran_synced')}
        from ft_team t
        left join (select team_id, list(admin_id order by admin_id) as admin_ids from ft_team_admin group by 1) members
            on members.team_id = t.id
    """,
    "tags": f"""
        select id, name, 'tag' as type, {airbyte_meta_columns('id', '_fivetran_synced')}
        from ft_tag
    """,
}

# (message_id, body) of the landed messages, over the streams in schema {schema}: what the loader
# scores for lexicon sentiment on engines without the dbt Python model (vendor_load)
MESSAGE_BODIES = """
    select json_extract_string(source, '$.id') as message_id, json_extract_string(source, '$.body') as body
    from "{schema}".conversations
    where json_extract_string(source, '$.id') is not null
    qualify row_number() over (partition by id order by updated_at desc, _airbyte_extracted_at desc) = 1
    union all
    select id as message_id, body from "{schema}".conversation_parts
    where part_type in ('comment', 'note', 'quick_reply', 'note_and_reopen')
    qualify row_number() over (partition by id order by conversation_updated_at desc nulls last) = 1
"""


def convert(canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the Airbyte Intercom streams of the canonical helpdesk in `canonical_dir` to
    `out_dir` (one `<stream>.parquet` each); returns the rows written per stream."""
    return write_airbyte_from_fivetran(intercom_fivetran.convert, intercom_fivetran.TABLES, TABLES, canonical_dir, out_dir)
