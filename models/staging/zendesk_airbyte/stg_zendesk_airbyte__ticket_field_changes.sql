with

source as (

    select * from {{ source('zendesk_airbyte', 'ticket_audits') }}

),

event_rows as (

    {{ supportmetrics.json_array_rows('source', 'events', 'audit_event') }}

),

field_events as (

    -- the events that set a field (Create: on a new ticket, Change: later); comments,
    -- notifications and the other event types are not field changes
    select
        *,
        {{ supportmetrics.json_extract_text('audit_event', ['type']) }} as event_type,
        coalesce(
            {{ supportmetrics.json_extract_text('audit_event', ['author_id']) }},
            cast(author_id as {{ dbt.type_string() }})
        ) as change_author_id
    from event_rows

),

final as (

    select
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        lower({{ supportmetrics.json_extract_text('audit_event', ['field_name']) }}) as field_name,
        {{ supportmetrics.parse_timestamp("cast(created_at as " ~ dbt.type_string() ~ ")") }} as changed_at,
        {{ supportmetrics.json_extract_text('audit_event', ['value']) }} as new_value,
        -- Zendesk's system user (-1) made the change: no user, as Fivetran lands it
        case when change_author_id != '-1' then change_author_id end as user_id,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from field_events
    where event_type in ('Create', 'Change')

)

select * from final
