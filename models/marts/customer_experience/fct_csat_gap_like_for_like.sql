{%- set days = var('assessment_trailing_days') %}

with

facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

bounds as (

    select cast(max(high_water_mark_at) as date) as last_data_date
    from facts

),

responses as (

    select
        created_date,
        intent_label as intent,
        handling_path,
        is_csat_satisfied
    from facts
    where csat_score is not null
        and handling_path in ('ai_only', 'human_only')

),

periods as (

    select
        'month' as period_grain,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'created_date')) }} as date) as period_end
    from responses
    group by 1, 2, 3

    union all

    select
        'trailing' as period_grain,
        cast({{ dbt.dateadd('day', '1 - ' ~ days, 'last_data_date') }} as date) as period_start,
        cast({{ dbt.dateadd('day', 1, 'last_data_date') }} as date) as period_end
    from bounds
    where last_data_date is not null

),

by_intent as (

    select
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        responses.intent,
        count(case when responses.handling_path = 'ai_only' then 1 end) as ai_responses,
        count(case when responses.handling_path = 'ai_only' and responses.is_csat_satisfied then 1 end)
            as ai_satisfied_responses,
        count(case when responses.handling_path = 'human_only' then 1 end) as human_responses,
        count(case when responses.handling_path = 'human_only' and responses.is_csat_satisfied then 1 end)
            as human_satisfied_responses
    from periods
    left join responses
        on responses.created_date >= periods.period_start
            and responses.created_date < periods.period_end
    group by 1, 2, 3, 4

),

weighted as (

    {{ supportmetrics.standardised_strata(
        'by_intent', ['period_grain', 'period_start', 'period_end'],
        'ai_responses', 'ai_satisfied_responses', 'human_responses', 'human_satisfied_responses') }}

),

standardised as (

    {{ supportmetrics.standardised_summary('weighted', ['period_grain', 'period_start', 'period_end'],
        'ai_responses', 'human_responses', [
            'cast(sum(ai_responses) as ' ~ dbt.type_bigint() ~ ') as ai_only_responses',
            'cast(sum(ai_satisfied_responses) as ' ~ dbt.type_bigint() ~ ') as ai_only_satisfied_responses',
            'cast(sum(human_responses) as ' ~ dbt.type_bigint() ~ ') as human_only_responses',
            'cast(sum(human_satisfied_responses) as ' ~ dbt.type_bigint() ~ ') as human_only_satisfied_responses',
        ]) }}

),

final as (

    select
        period_grain,
        period_start,
        period_end,
        ai_only_responses,
        ai_only_satisfied_responses,
        human_only_responses,
        human_only_satisfied_responses,
        {{ supportmetrics.proportion('ai_only_satisfied_responses', 'ai_only_responses') }} as ai_only_satisfied_rate,
        {{ supportmetrics.proportion('human_only_satisfied_responses', 'human_only_responses') }}
            as human_only_satisfied_rate,
        100 * (
            {{ supportmetrics.proportion('ai_only_satisfied_responses', 'ai_only_responses') }}
            - {{ supportmetrics.proportion('human_only_satisfied_responses', 'human_only_responses') }}
        ) as raw_csat_gap_points,
        100 * {{ supportmetrics.diff_proportion_lower(
            'ai_only_satisfied_responses', 'ai_only_responses',
            'human_only_satisfied_responses', 'human_only_responses') }} as raw_csat_gap_lower_points,
        100 * {{ supportmetrics.diff_proportion_upper(
            'ai_only_satisfied_responses', 'ai_only_responses',
            'human_only_satisfied_responses', 'human_only_responses') }} as raw_csat_gap_upper_points,
        compared_strata as compared_intents,
        compared_exposed_n as compared_ai_only_responses,
        compared_reference_n as compared_human_only_responses,
        strata_without_reference as intents_without_human_baseline,
        exposed_n_without_reference as ai_responses_without_baseline,
        standardised_exposed_rate as like_for_like_ai_only_satisfied_rate,
        standardised_reference_rate as like_for_like_human_only_satisfied_rate,
        100 * standardised_difference as like_for_like_csat_gap_points,
        100 * {{ supportmetrics.normal_interval_lower('standardised_difference', 'standardised_difference_variance') }}
            as like_for_like_csat_gap_lower_points,
        100 * {{ supportmetrics.normal_interval_upper('standardised_difference', 'standardised_difference_variance') }}
            as like_for_like_csat_gap_upper_points,
        case
            when ai_only_responses = 0 then 'no_ai_only_responses'
            when human_only_responses = 0 then 'no_human_only_responses'
            when compared_strata = 0 then 'no_intent_with_human_baseline'
        end as like_for_like_missing_reason
    from standardised

)

select * from final
