{%- set double = supportmetrics.type_double() %}
{%- set min_baseline = var('like_for_like_min_baseline_responses') %}

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
        intent_label as intent,
        handling_path,
        is_ai_involved,
        cast(first_response_seconds as {{ double }}) as first_response_seconds
    from facts

),

baseline_by_intent as (

    select
        measured.intent,
        count(measured.first_response_seconds) as baseline_n,
        avg(measured.first_response_seconds) as baseline_mean,
        stddev_samp(measured.first_response_seconds) as baseline_sd
    from measured
    cross join rollout
    where rollout.has_baseline
        and measured.handling_path = 'human_only'
        and measured.period_start >= rollout.baseline_start_month
        and measured.period_start < rollout.baseline_end_month
    group by 1

),

baseline_overall as (

    select
        sum(baseline_n) as baseline_n,
        sum(baseline_n * baseline_mean) / nullif(sum(baseline_n), 0) as baseline_mean
    from baseline_by_intent

),

baseline_overall_sd as (

    select stddev_samp(measured.first_response_seconds) as baseline_sd
    from measured
    cross join rollout
    where rollout.has_baseline
        and measured.handling_path = 'human_only'
        and measured.period_start >= rollout.baseline_start_month
        and measured.period_start < rollout.baseline_end_month

),

ai_by_intent as (

    select
        period_start,
        intent,
        count(first_response_seconds) as ai_n,
        avg(first_response_seconds) as ai_mean,
        stddev_samp(first_response_seconds) as ai_sd
    from measured
    where is_ai_involved
    group by 1, 2

),

ai_overall as (

    select
        period_start,
        count(first_response_seconds) as ai_n,
        avg(first_response_seconds) as ai_mean,
        stddev_samp(first_response_seconds) as ai_sd
    from measured
    where is_ai_involved
    group by 1

),

intent_compared as (

    select
        ai_by_intent.period_start,
        ai_by_intent.intent,
        ai_by_intent.ai_n,
        ai_by_intent.ai_mean,
        ai_by_intent.ai_sd,
        baseline_by_intent.baseline_n,
        baseline_by_intent.baseline_mean,
        baseline_by_intent.baseline_sd,
        coalesce(
            ai_by_intent.ai_n >= 2
            and baseline_by_intent.baseline_n >= 2
            and baseline_by_intent.baseline_n >= {{ min_baseline }},
            false
        ) as is_compared
    from ai_by_intent
    left join baseline_by_intent
        on ai_by_intent.intent = baseline_by_intent.intent

),

weighted as (

    select
        intent_compared.*,
        cast(case when is_compared then ai_n end as {{ double }})
        / nullif(sum(case when is_compared then ai_n else 0 end) over (partition by period_start), 0) as ai_mix_weight
    from intent_compared

),

standardised as (

    select
        period_start,
        cast(count(case when is_compared then 1 end) as {{ dbt.type_int() }}) as compared_intents,
        cast(sum(case when is_compared then ai_n else 0 end) as {{ dbt.type_bigint() }}) as compared_ai_responded_conversations,
        cast(count(case when ai_n > 0 and not is_compared then 1 end) as {{ dbt.type_int() }}) as intents_not_compared,
        cast(sum(case when not is_compared then ai_n else 0 end) as {{ dbt.type_bigint() }}) as ai_responded_not_compared,
        sum(ai_mix_weight * ai_mean) as standardised_ai_mean,
        sum(ai_mix_weight * baseline_mean) as standardised_baseline_mean,
        sum(ai_mix_weight * (ai_mean - baseline_mean)) as standardised_change,
        sum(
            ai_mix_weight * ai_mix_weight * (ai_sd * ai_sd / ai_n + baseline_sd * baseline_sd / baseline_n)
        ) as standardised_change_variance
    from weighted
    group by 1

),

final as (

    select
        'month' as period_grain,
        standardised.period_start,
        rollout.has_baseline,
        coalesce(
            rollout.has_baseline
            and standardised.period_start >= rollout.baseline_start_month
            and standardised.period_start < rollout.baseline_end_month,
            false
        ) as is_baseline_month,
        cast(ai_overall.ai_n as {{ dbt.type_bigint() }}) as ai_responded_conversations,
        ai_overall.ai_mean as ai_mean_first_response_seconds,
        cast(coalesce(baseline_overall.baseline_n, 0) as {{ dbt.type_bigint() }}) as baseline_responded_conversations,
        baseline_overall.baseline_mean as baseline_mean_first_response_seconds,
        ai_overall.ai_mean - baseline_overall.baseline_mean as raw_first_response_change_seconds,
        {{ supportmetrics.diff_mean_lower(
            'ai_overall.ai_mean', 'ai_overall.ai_sd', 'ai_overall.ai_n',
            'baseline_overall.baseline_mean', 'baseline_overall_sd.baseline_sd', 'baseline_overall.baseline_n') }}
            as raw_first_response_change_lower_seconds,
        {{ supportmetrics.diff_mean_upper(
            'ai_overall.ai_mean', 'ai_overall.ai_sd', 'ai_overall.ai_n',
            'baseline_overall.baseline_mean', 'baseline_overall_sd.baseline_sd', 'baseline_overall.baseline_n') }}
            as raw_first_response_change_upper_seconds,
        1 - ai_overall.ai_mean / nullif(baseline_overall.baseline_mean, 0) as raw_first_response_improvement_rate,
        standardised.compared_intents,
        standardised.compared_ai_responded_conversations,
        standardised.intents_not_compared,
        standardised.ai_responded_not_compared,
        standardised.standardised_ai_mean as like_for_like_ai_mean_first_response_seconds,
        standardised.standardised_baseline_mean as like_for_like_baseline_mean_first_response_seconds,
        standardised.standardised_change as like_for_like_first_response_change_seconds,
        {{ supportmetrics.normal_interval_lower('standardised.standardised_change', 'standardised.standardised_change_variance') }}
            as like_for_like_first_response_change_lower_seconds,
        {{ supportmetrics.normal_interval_upper('standardised.standardised_change', 'standardised.standardised_change_variance') }}
            as like_for_like_first_response_change_upper_seconds,
        -1 * standardised.standardised_change / nullif(standardised.standardised_baseline_mean, 0)
            as like_for_like_first_response_improvement_rate,
        -1 * {{ supportmetrics.normal_interval_upper('standardised.standardised_change', 'standardised.standardised_change_variance') }}
        / nullif(standardised.standardised_baseline_mean, 0) as like_for_like_first_response_improvement_lower,
        -1 * {{ supportmetrics.normal_interval_lower('standardised.standardised_change', 'standardised.standardised_change_variance') }}
        / nullif(standardised.standardised_baseline_mean, 0) as like_for_like_first_response_improvement_upper,
        case
            when not rollout.has_baseline then 'no_pre_ai_baseline'
            when ai_overall.ai_n = 0 then 'no_ai_involved_first_responses_in_month'
            when standardised.compared_intents = 0 then 'no_intent_with_baseline'
        end as like_for_like_missing_reason
    from standardised
    inner join ai_overall
        on standardised.period_start = ai_overall.period_start
    cross join rollout
    cross join baseline_overall
    cross join baseline_overall_sd

)

select * from final
