with

field_change_rows as (

    select * from {{ ref('map_zendesk__field_change_rows') }}

),

mapped as (

    select
        event_id,
        ticket_id as conversation_id,
        changed_at as created_at,
        event_type,
        from_value,
        to_value,
        actor_type,
        {{ supportmetrics.zendesk_lineage('ticket_field_changes', 'event_id, synced_at') }}
    from field_change_rows
    where exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('ticket_events', 'mapped', [
        'event_id', 'conversation_id', 'created_at', 'event_type', 'from_value', 'to_value', 'actor_type']) }}

)

select * from final
