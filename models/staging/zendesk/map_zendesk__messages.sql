with

comment_rows as (

    select * from {{ ref('map_zendesk__comment_rows') }}

),

mapped as (

    select
        comment_id as message_id,
        ticket_id as conversation_id,
        created_at,
        author_type,
        case when author_type != 'system' then user_id end as author_id,
        case when is_public then 'true' when not is_public then 'false' end as is_public,
        body_text as body,
        {{ supportmetrics.zendesk_lineage('ticket_comments', 'comment_id, synced_at') }}
    from comment_rows
    where exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('messages', 'mapped', [
        'message_id', 'conversation_id', 'created_at', 'author_type', 'author_id', 'is_public', 'body']) }}

)

select * from final
