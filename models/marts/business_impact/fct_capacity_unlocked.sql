with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

pre_ai_handle_time as (

    select * from {{ ref('int_cost_pre_ai_handle_time') }}

),

baseline as (

    select * from {{ ref('int_ai_rollout_baseline') }}

),

month_intents as (

    select
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as capacity_month,
        intent_label as intent,
        count(*) as conversations,
        sum(case when is_deflected then 1 else 0 end) as deflected_conversations,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations
    from facts
    group by 1, 2

),

final as (

    select
        month_intents.capacity_month,
        month_intents.intent,
        month_intents.conversations,
        month_intents.deflected_conversations,
        month_intents.truly_resolved_conversations,
        pre_ai_handle_time.baseline_worked_conversations,
        pre_ai_handle_time.pre_ai_aht_seconds,
        month_intents.deflected_conversations * pre_ai_handle_time.pre_ai_aht_seconds / 3600 as hours_saved,
        month_intents.truly_resolved_conversations * pre_ai_handle_time.pre_ai_aht_seconds / 3600
            as hours_saved_truly_resolved,
        case
            when not baseline.has_baseline then 'no_pre_ai_baseline'
            when pre_ai_handle_time.pre_ai_aht_seconds is null then 'no_pre_ai_handle_time_for_intent'
        end as capacity_missing_reason
    from month_intents
    cross join baseline
    left join pre_ai_handle_time
        on month_intents.intent = pre_ai_handle_time.intent

)

select * from final
