{%- set slices = {'overall': "'all'", 'channel': 'channel'} %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

rollout as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_ai_rollout_baseline') }}

),

measured as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        channel,
        handling_path,
        is_ai_involved,
        first_response_seconds
    from facts

),

sliced as (

    {{ supportmetrics.slice_fanout('measured', slices, [
        'period_start',
        'handling_path',
        'is_ai_involved',
        'first_response_seconds',
    ]) }}

),

baseline_conversations as (

    select
        sliced.slice_dimension,
        sliced.slice_value,
        sliced.first_response_seconds
    from sliced
    cross join rollout
    where rollout.has_baseline
        and sliced.handling_path = 'human_only'
        and sliced.period_start >= rollout.baseline_start_month
        and sliced.period_start < rollout.baseline_end_month

),

baseline_stats as (

    select
        slice_dimension,
        slice_value,
        count(first_response_seconds) as baseline_responded_conversations,
        {{ supportmetrics.median('first_response_seconds') }} as baseline_median_first_response_seconds
    from baseline_conversations
    group by 1, 2

),

monthly as (

    select
        period_start,
        slice_dimension,
        slice_value,
        count(*) as conversations,
        count(case when is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when is_ai_involved then first_response_seconds end) as ai_responded_conversations,
        {{ supportmetrics.median('case when is_ai_involved then first_response_seconds end') }}
            as ai_median_first_response_seconds
    from sliced
    group by 1, 2, 3

),

compared as (

    select
        'month' as period_grain,
        monthly.period_start,
        monthly.slice_dimension,
        monthly.slice_value,
        rollout.has_baseline,
        rollout.baseline_start_month,
        rollout.baseline_end_month,
        coalesce(
            rollout.has_baseline
            and monthly.period_start >= rollout.baseline_start_month
            and monthly.period_start < rollout.baseline_end_month,
            false
        ) as is_baseline_month,
        monthly.conversations,
        monthly.ai_involved_conversations,
        monthly.ai_responded_conversations,
        monthly.ai_median_first_response_seconds,
        coalesce(baseline_stats.baseline_responded_conversations, 0) as baseline_responded_conversations,
        baseline_stats.baseline_median_first_response_seconds
    from monthly
    cross join rollout
    left join baseline_stats
        on monthly.slice_dimension = baseline_stats.slice_dimension
            and monthly.slice_value = baseline_stats.slice_value

),

final as (

    select
        compared.*,
        case
            when has_baseline
                and baseline_median_first_response_seconds > 0
                and ai_median_first_response_seconds is not null
                then 1 - ai_median_first_response_seconds / baseline_median_first_response_seconds
        end as first_response_improvement_rate,
        case
            when not has_baseline then 'no_pre_ai_baseline'
            when baseline_median_first_response_seconds is null then 'no_baseline_first_responses_in_slice'
            when baseline_median_first_response_seconds <= 0 then 'baseline_median_not_positive'
            when ai_median_first_response_seconds is null then 'no_ai_involved_first_responses_in_month'
        end as first_response_improvement_missing_reason
    from compared

)

select * from final
