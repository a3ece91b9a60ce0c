with

cost_per_resolution as (

    select * from {{ ref('fct_cost_per_resolution') }}

),

capacity as (

    select * from {{ ref('fct_capacity_unlocked') }}

),

work_sessions as (

    select * from {{ ref('int_cost_work_sessions') }}

),

capacity_months as (

    select
        capacity_month,
        sum(deflected_conversations) as deflected_conversations,
        sum(case when hours_saved is not null then deflected_conversations else 0 end) as valued_deflected_conversations,
        sum(hours_saved) as hours_saved,
        sum(hours_saved_truly_resolved) as hours_saved_truly_resolved,
        max(capacity_missing_reason) as capacity_missing_reason
    from capacity
    group by 1

),

hourly_cost_months as (

    -- handle-time-weighted: what an hour of human work cost in the month
    select
        work_month,
        sum(labour_cost_usd) / nullif(sum(case when has_hourly_cost then handle_hours else 0 end), 0) as hourly_cost_usd
    from work_sessions
    group by 1

),

joined as (

    select
        cost_per_resolution.cost_month,
        coalesce(capacity_months.deflected_conversations, 0) as deflected_conversations,
        coalesce(capacity_months.valued_deflected_conversations, 0) as valued_deflected_conversations,
        -- hours saved read the pre-AI handle time of agent work: null, never 0, where the source cannot carry it
        {{ supportmetrics.carried_or_null('''case
            when coalesce(capacity_months.deflected_conversations, 0) = 0 then 0
            when capacity_months.valued_deflected_conversations > 0 then capacity_months.hours_saved
        end''', 'agent_work_sessions') }} as hours_saved,
        {{ supportmetrics.carried_or_null('''case
            when coalesce(capacity_months.deflected_conversations, 0) = 0 then 0
            when capacity_months.valued_deflected_conversations > 0 then capacity_months.hours_saved_truly_resolved
        end''', 'agent_work_sessions') }} as hours_saved_truly_resolved,
        capacity_months.capacity_missing_reason,
        hourly_cost_months.hourly_cost_usd,
        cost_per_resolution.ai_cost_usd,
        cost_per_resolution.cost_rows
    from cost_per_resolution
    left join capacity_months
        on cost_per_resolution.cost_month = capacity_months.capacity_month
    left join hourly_cost_months
        on cost_per_resolution.cost_month = hourly_cost_months.work_month

),

final as (

    select
        cost_month,
        deflected_conversations,
        -- valued: deflected conversations with a pre-AI handle time (agent work); null, never 0, where
        -- the source cannot carry agent work
        {{ supportmetrics.carried_or_null('valued_deflected_conversations', 'agent_work_sessions') }}
            as valued_deflected_conversations,
        {{ supportmetrics.carried_or_null('deflected_conversations - valued_deflected_conversations', 'agent_work_sessions') }}
            as unvalued_deflected_conversations,
        hours_saved,
        hours_saved_truly_resolved,
        hourly_cost_usd,
        hours_saved * hourly_cost_usd as hours_saved_value_usd,
        ai_cost_usd,
        hours_saved * hourly_cost_usd - ai_cost_usd as net_savings_usd,
        hours_saved * hourly_cost_usd / nullif(ai_cost_usd, 0) as roi_multiple,
        hours_saved_truly_resolved * hourly_cost_usd / nullif(ai_cost_usd, 0) as roi_multiple_truly_resolved,
        case
            when coalesce(cost_rows, 0) = 0 then 'no_support_cost_rows'
            when ai_cost_usd = 0 then 'no_ai_cost'
            when hours_saved is null then coalesce(capacity_missing_reason, 'no_pre_ai_handle_time')
            when hourly_cost_usd is null then 'no_human_hourly_cost'
        end as roi_missing_reason
    from joined

)

select * from final
