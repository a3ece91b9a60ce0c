with

conversation_scope as (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

mapped as (

    select
        conversation_id,
        customer_id,
        {{ supportmetrics.vendor_value_mapped('source_type', 'intercom_channel_map') }} as channel,
        created_at,
        subject,
        coalesce(
            {{ supportmetrics.vendor_value_mapped('priority', 'intercom_priority_map') }},
            '{{ var("intercom_default_priority") }}'
        ) as priority,
        intent,
        {{ supportmetrics.vendor_value_mapped('state', 'intercom_state_map') }} as status,
        assigned_team,
        updated_at,
        {{ supportmetrics.intercom_lineage('conversations', 'conversation_id, updated_at, synced_at') }}
    from conversation_scope
    where exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('conversations', 'mapped', [
        'conversation_id', 'customer_id', 'channel', 'created_at', 'subject', 'priority', 'intent',
        'status', 'assigned_team', 'updated_at']) }}

)

select * from final
