with

part_rows as (

    select * from {{ ref('map_intercom__part_rows') }}

),

mapped as (

    select
        part_id as message_id,
        conversation_id,
        created_at,
        author_type,
        case when author_type != 'system' then author_id end as author_id,
        case when is_public then 'true' else 'false' end as is_public,
        body_text as body,
        {{ supportmetrics.intercom_lineage('conversation_parts', 'part_id, synced_at') }}
    from part_rows
    where exclusion_reason is null
        and is_message

),

final as (

    {{ supportmetrics.raw_contract_select('messages', 'mapped', [
        'message_id', 'conversation_id', 'created_at', 'author_type', 'author_id', 'is_public', 'body']) }}

)

select * from final
