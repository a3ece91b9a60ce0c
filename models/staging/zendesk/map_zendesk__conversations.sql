with

tickets as (

    select * from {{ supportmetrics.zendesk_staged('tickets') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

mapped as (

    select
        tickets.ticket_id as conversation_id,
        tickets.requester_id as customer_id,
        {{ supportmetrics.zendesk_channel('tickets.via_channel') }} as channel,
        tickets.created_at,
        tickets.subject,
        coalesce(tickets.priority, '{{ var("zendesk_default_priority") }}') as priority,
        ticket_scope.intent,
        tickets.status,
        ticket_scope.assigned_team,
        tickets.updated_at,
        {{ supportmetrics.zendesk_lineage('tickets', 'tickets.ticket_id, tickets.updated_at, tickets.synced_at') }}
    from tickets
    left join ticket_scope
        on tickets.ticket_id = ticket_scope.ticket_id
    where ticket_scope.exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('conversations', 'mapped', [
        'conversation_id', 'customer_id', 'channel', 'created_at', 'subject', 'priority', 'intent',
        'status', 'assigned_team', 'updated_at']) }}

)

select * from final
