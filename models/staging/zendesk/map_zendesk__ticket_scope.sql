with

tickets as (

    select * from {{ supportmetrics.zendesk_staged('tickets') }}

),

tags as (

    select * from {{ supportmetrics.zendesk_staged('ticket_tags') }}

),

groups as (

    select * from {{ supportmetrics.zendesk_staged('groups') }}

),

identities as (

    select * from {{ ref('ai_agent_identities') }}

),

deleted_tickets as (

    -- Airbyte's deleted_tickets stream (no rows for Fivetran, which flags _fivetran_deleted)
    {%- set empty_columns = [('ticket_id', dbt.type_string()), ('deleted_at', dbt.type_string())] %}
    {{ supportmetrics.zendesk_staged_or_empty('deleted_tickets', empty_columns) }}

),

deleted_ids as (

    -- a ticket the stream lists as deleted, and its latest deletion (null when none parses)
    select
        ticket_id,
        max({{ supportmetrics.parse_timestamp('deleted_at') }}) as last_deleted_at
    from deleted_tickets
    where ticket_id is not null
    group by 1

),

latest_tickets as (

    select
        *,
        row_number() over (
            partition by ticket_id order by updated_at desc nulls last, synced_at desc nulls last
        ) as version_rank
    from tickets

),

tag_facts as (

    select
        ticket_id,
        max(case when tag = '{{ var("zendesk_merged_tag") }}' then 1 else 0 end) = 1 as is_merged,
        min({{ supportmetrics.vendor_tag_suffix('tag', var('zendesk_intent_tag_prefix')) }}) as intent_from_tag,
        min({{ supportmetrics.vendor_tag_suffix('tag', var('zendesk_handoff_trigger_tag_prefix')) }}) as trigger_from_tag
    from tags
    group by 1

),

ai_ticket_rules as (

    select
        latest_tickets.ticket_id,
        min(identities.rule_id) as ai_ticket_rule_id
    from latest_tickets
    left join tags
        on latest_tickets.ticket_id = tags.ticket_id
    inner join identities
        on (identities.match_type = 'via_channel' and latest_tickets.via_channel = lower(identities.match_value))
            or (identities.match_type = 'ticket_tag' and tags.tag = lower(identities.match_value))
    where latest_tickets.version_rank = 1
    group by 1

),

group_names as (

    select
        group_id,
        max(group_name) as group_name
    from groups
    group by 1

),

final as (

    select
        latest_tickets.ticket_id,
        latest_tickets.requester_id,
        latest_tickets.submitter_id,
        latest_tickets.brand_id,
        group_names.group_name as assigned_team,
        coalesce(latest_tickets.intent_field_value, tag_facts.intent_from_tag) as intent,
        tag_facts.trigger_from_tag as handoff_trigger,
        ai_ticket_rules.ai_ticket_rule_id,
        case
            when latest_tickets.is_deleted or latest_tickets.status = 'deleted' then 'deleted'
            -- listed as deleted, unless a tickets record updated after its latest deletion shows
            -- it restored (Airbyte's append sync keeps the deletion record after a restore)
            when deleted_ids.ticket_id is not null
                and not coalesce(
                    {{ supportmetrics.parse_timestamp('latest_tickets.updated_at') }} > deleted_ids.last_deleted_at,
                    false
                ) then 'deleted'
            when coalesce(tag_facts.is_merged, false) then 'merged'
        end as exclusion_reason
    from latest_tickets
    left join tag_facts
        on latest_tickets.ticket_id = tag_facts.ticket_id
    left join ai_ticket_rules
        on latest_tickets.ticket_id = ai_ticket_rules.ticket_id
    left join group_names
        on latest_tickets.group_id = group_names.group_id
    left join deleted_ids
        on latest_tickets.ticket_id = deleted_ids.ticket_id
    where latest_tickets.version_rank = 1
        and latest_tickets.ticket_id is not null

)

select * from final
