with

users as (

    select * from {{ ref('map_zendesk__users') }}

),

mapped as (

    select
        user_id as agent_id,
        case when author_type = 'ai_agent' then 'ai' else 'human' end as agent_type,
        user_name as display_name,
        created_at as active_from,
        {{ supportmetrics.zendesk_lineage('users', 'user_id, synced_at') }}
    from users
    where author_type in ('ai_agent', 'human_agent') and not is_deleted

),

final as (

    {{ supportmetrics.raw_contract_select('agents', 'mapped', [
        'agent_id', 'agent_type', 'display_name', 'active_from']) }}

)

select * from final
