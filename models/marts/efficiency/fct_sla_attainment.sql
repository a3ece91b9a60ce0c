{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set groupings = [
    ('priority', 'account_segment'),
    ("'all'", 'account_segment'),
    ('priority', "'all'"),
    ("'all'", "'all'"),
] %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

sla_targets as (

    select * from {{ ref('sla_targets') }}

),

measured as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        facts.priority,
        facts.account_segment,
        sla_targets.first_response_target_minutes,
        sla_targets.first_response_target_minutes * 60 as target_seconds,
        facts.first_response_seconds,
        {{ dbt.datediff('coalesce(facts.first_customer_message_at, facts.created_at)', 'facts.high_water_mark_at', 'second') }}
            as seconds_open_at_high_water_mark
    from facts
    left join sla_targets
        on facts.priority = sla_targets.priority
            and facts.account_segment = sla_targets.account_segment

),

classified as (

    select
        measured.*,
        case
            when target_seconds is null then 'no_target'
            when first_response_seconds is not null and first_response_seconds <= target_seconds then 'met'
            when first_response_seconds is not null then 'breached'
            when seconds_open_at_high_water_mark > target_seconds then 'breached'
            else 'pending'
        end as sla_status
    from measured

),

grouped as (

    {%- for priority_expression, segment_expression in groupings %}

        select
            period_start,
            cast({{ priority_expression }} as {{ dbt.type_string() }}) as priority,
            cast({{ segment_expression }} as {{ dbt.type_string() }}) as account_segment,
            count(*) as conversations,
            count(case when sla_status = 'met' then 1 end) as met_conversations,
            count(case when sla_status = 'breached' then 1 end) as breached_conversations,
            count(case when sla_status = 'pending' then 1 end) as pending_conversations,
            count(case when sla_status = 'no_target' then 1 end) as no_target_conversations,
            -- the target of a single (priority, segment) pair; null on roll-ups mixing targets
            case
                when min(first_response_target_minutes) = max(first_response_target_minutes)
                    then min(first_response_target_minutes)
            end as first_response_target_minutes,
            {{ supportmetrics.median('first_response_seconds') }} as median_first_response_seconds
        from classified
        group by 1, 2, 3
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        'month' as period_grain,
        grouped.*,
        met_conversations + breached_conversations as sla_measured_conversations,
        cast(met_conversations as {{ supportmetrics.type_double() }})
        / nullif(met_conversations + breached_conversations, 0) as sla_attainment_rate,
        case
            when met_conversations + breached_conversations = 0 and no_target_conversations > 0
                then 'no_sla_target_for_slice'
            when met_conversations + breached_conversations = 0 then 'all_conversations_pending'
        end as sla_attainment_missing_reason
    from grouped

)

select * from final
