{%- set double = supportmetrics.type_double() %}
{%- set days = var('assessment_trailing_days') %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

enriched as (

    select * from {{ ref('int_conversations_enriched') }}

),

bounds as (

    select cast(max(high_water_mark_at) as date) as last_data_date
    from facts

),

responses as (

    select
        facts.created_date,
        coalesce(facts.intent, 'unknown') as intent,
        facts.handling_path,
        enriched.is_csat_satisfied
    from facts
    inner join enriched
        on facts.conversation_id = enriched.conversation_id
    where facts.csat_score is not null
        and facts.handling_path in ('ai_only', 'human_only')

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

intent_rates as (

    select
        by_intent.*,
        ai_responses > 0 and human_responses >= {{ var('like_for_like_min_baseline_responses') }} as is_compared,
        cast(ai_satisfied_responses as {{ double }}) / nullif(ai_responses, 0) as ai_rate,
        cast(human_satisfied_responses as {{ double }}) / nullif(human_responses, 0) as human_rate
    from by_intent

),

weighted as (

    select
        intent_rates.*,
        cast(case when is_compared then ai_responses end as {{ double }})
        / nullif(sum(case when is_compared then ai_responses else 0 end) over (
            partition by period_grain, period_start
        ), 0) as ai_mix_weight
    from intent_rates

),

standardised as (

    select
        period_grain,
        period_start,
        period_end,
        cast(sum(ai_responses) as {{ dbt.type_bigint() }}) as ai_only_responses,
        cast(sum(ai_satisfied_responses) as {{ dbt.type_bigint() }}) as ai_only_satisfied_responses,
        cast(sum(human_responses) as {{ dbt.type_bigint() }}) as human_only_responses,
        cast(sum(human_satisfied_responses) as {{ dbt.type_bigint() }}) as human_only_satisfied_responses,
        cast(count(case when is_compared then 1 end) as {{ dbt.type_int() }}) as compared_intents,
        cast(sum(case when is_compared then ai_responses else 0 end) as {{ dbt.type_bigint() }})
            as compared_ai_only_responses,
        cast(sum(case when is_compared then human_responses else 0 end) as {{ dbt.type_bigint() }})
            as compared_human_only_responses,
        cast(count(case when ai_responses > 0 and not is_compared then 1 end) as {{ dbt.type_int() }})
            as intents_without_human_baseline,
        cast(sum(case when not is_compared then ai_responses else 0 end) as {{ dbt.type_bigint() }})
            as ai_responses_without_baseline,
        sum(ai_mix_weight * ai_rate) as standardised_ai_rate,
        sum(ai_mix_weight * human_rate) as standardised_human_rate,
        sum(ai_mix_weight * (ai_rate - human_rate)) as standardised_gap,
        sum(
            ai_mix_weight * ai_mix_weight * (
                ai_rate * (1 - ai_rate) / ai_responses
                + human_rate * (1 - human_rate) / human_responses
            )
        ) as standardised_gap_variance
    from weighted
    group by 1, 2, 3

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
        compared_intents,
        compared_ai_only_responses,
        compared_human_only_responses,
        intents_without_human_baseline,
        ai_responses_without_baseline,
        standardised_ai_rate as like_for_like_ai_only_satisfied_rate,
        standardised_human_rate as like_for_like_human_only_satisfied_rate,
        100 * standardised_gap as like_for_like_csat_gap_points,
        100 * {{ supportmetrics.normal_interval_lower('standardised_gap', 'standardised_gap_variance') }}
            as like_for_like_csat_gap_lower_points,
        100 * {{ supportmetrics.normal_interval_upper('standardised_gap', 'standardised_gap_variance') }}
            as like_for_like_csat_gap_upper_points,
        case
            when ai_only_responses = 0 then 'no_ai_only_responses'
            when human_only_responses = 0 then 'no_human_only_responses'
            when compared_intents = 0 then 'no_intent_with_human_baseline'
        end as like_for_like_missing_reason
    from standardised

)

select * from final
