with

comment_rows as (

    select * from {{ ref('map_zendesk__comment_rows') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

mapped as (

    select
        {{ dbt.concat(["'answer:'", "comment_rows.comment_id"]) }} as ai_event_id,
        comment_rows.ticket_id as conversation_id,
        comment_rows.comment_id as message_id,
        comment_rows.created_at,
        'answer_sent' as event_type,
        ticket_scope.intent,
        {{ supportmetrics.zendesk_lineage('ticket_comments', 'comment_rows.comment_id, comment_rows.synced_at',
            'comment_rows.synced_at') }}
    from comment_rows
    inner join ticket_scope
        on comment_rows.ticket_id = ticket_scope.ticket_id
    where comment_rows.exclusion_reason is null
        and comment_rows.author_type = 'ai_agent'
        and comment_rows.is_public

),

final as (

    {{ supportmetrics.raw_contract_select('ai_events', 'mapped', [
        'ai_event_id', 'conversation_id', 'message_id', 'created_at', 'event_type', 'intent']) }}

)

select * from final
