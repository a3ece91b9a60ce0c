{%- set trailing_days = var('assessment_trailing_days') %}
{%- set review_slices = {
    'overall': "'all'",
    'channel': {'value': 'channel', 'where': 'channel is not null'},
} %}

with

qa_reviews as (

    select * from {{ ref('int_qa_reviews_scored') }}

),

facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

reviews as (

    select
        qa_reviews.review_id,
        qa_reviews.reviewed_at,
        cast({{ dbt.date_trunc('month', 'qa_reviews.reviewed_at') }} as date) as review_month,
        facts.channel,
        coalesce(facts.is_ai_involved, false) as is_ai_review,
        qa_reviews.accuracy_score,
        qa_reviews.is_accuracy_ok,
        qa_reviews.completeness_score,
        qa_reviews.tone_score,
        qa_reviews.has_critical_error
    from qa_reviews
    left join facts
        on qa_reviews.conversation_id = facts.conversation_id

),

months as (

    select cast({{ dbt.date_trunc('month', 'created_at') }} as date) as period_start from facts
    union
    select review_month as period_start from reviews

),

slices as (

    select
        'overall' as slice_dimension,
        'all' as slice_value
    union all
    select
        'channel' as slice_dimension,
        channel as slice_value
    from facts
    group by 2

),

periods as (

    select
        months.period_start,
        cast({{ dbt.dateadd('month', 1, 'months.period_start') }} as date) as period_end,
        slices.slice_dimension,
        slices.slice_value
    from months
    cross join slices

),

sliced_reviews as (

    {{ supportmetrics.slice_fanout('reviews', review_slices, [
        'review_id',
        'reviewed_at',
        'is_ai_review',
        'accuracy_score',
        'is_accuracy_ok',
        'completeness_score',
        'tone_score',
        'has_critical_error',
    ]) }}

),

in_month as (

    select
        periods.period_start,
        periods.slice_dimension,
        periods.slice_value,
        count(sliced_reviews.review_id) as reviews,
        sum(case when sliced_reviews.is_ai_review then 1 else 0 end) as ai_reviews,
        sum(case when sliced_reviews.is_ai_review and sliced_reviews.accuracy_score is not null then 1 else 0 end)
            as scored_ai_reviews,
        sum(case when sliced_reviews.is_ai_review then sliced_reviews.accuracy_score end) as ai_accuracy_score_sum,
        sum(case when sliced_reviews.is_ai_review then sliced_reviews.completeness_score end) as ai_completeness_score_sum,
        sum(case when sliced_reviews.is_ai_review then sliced_reviews.tone_score end) as ai_tone_score_sum,
        sum(sliced_reviews.accuracy_score) as accuracy_score_sum,
        count(sliced_reviews.accuracy_score) as scored_reviews,
        sum(case when sliced_reviews.is_ai_review and sliced_reviews.is_accuracy_ok then 1 else 0 end)
            as accuracy_ok_ai_reviews,
        sum(case when sliced_reviews.is_ai_review and sliced_reviews.has_critical_error then 1 else 0 end)
            as critical_ai_errors
    from periods
    left join sliced_reviews
        on periods.slice_dimension = sliced_reviews.slice_dimension
            and periods.slice_value = sliced_reviews.slice_value
            and sliced_reviews.reviewed_at >= periods.period_start
            and sliced_reviews.reviewed_at < periods.period_end
    group by 1, 2, 3

),

trailing_errors as (

    -- AI reviews, and those with a critical error, in the trailing window that ends at the month end
    select
        periods.period_start,
        periods.slice_dimension,
        periods.slice_value,
        cast(coalesce(sum(case when sliced_reviews.has_critical_error then 1 else 0 end), 0) as {{ dbt.type_bigint() }})
            as critical_ai_errors_last_30_days,
        count(sliced_reviews.review_id) as ai_reviews_last_30_days
    from periods
    left join sliced_reviews
        on periods.slice_dimension = sliced_reviews.slice_dimension
            and periods.slice_value = sliced_reviews.slice_value
            and sliced_reviews.is_ai_review
            and sliced_reviews.reviewed_at >= {{ dbt.dateadd('day', -1 * trailing_days, 'periods.period_end') }}
            and sliced_reviews.reviewed_at < periods.period_end
    group by 1, 2, 3

),

final as (

    select
        in_month.period_start,
        in_month.slice_dimension,
        in_month.slice_value,
        -- counts of QA reviews the source cannot carry are null, never 0
        {{ supportmetrics.carried_or_null('in_month.reviews', 'qa_reviews') }} as reviews,
        {{ supportmetrics.carried_or_null('in_month.ai_reviews', 'qa_reviews') }} as ai_reviews,
        {{ supportmetrics.carried_or_null('in_month.scored_ai_reviews', 'qa_reviews') }} as scored_ai_reviews,
        cast(in_month.ai_accuracy_score_sum as {{ supportmetrics.type_double() }})
        / nullif(in_month.scored_ai_reviews, 0) as mean_accuracy_score,
        cast(in_month.ai_completeness_score_sum as {{ supportmetrics.type_double() }})
        / nullif(in_month.scored_ai_reviews, 0) as mean_completeness_score,
        cast(in_month.ai_tone_score_sum as {{ supportmetrics.type_double() }})
        / nullif(in_month.scored_ai_reviews, 0) as mean_tone_score,
        cast(in_month.accuracy_score_sum as {{ supportmetrics.type_double() }})
        / nullif(in_month.scored_reviews, 0) as mean_accuracy_score_all_reviews,
        {{ supportmetrics.carried_or_null('in_month.accuracy_ok_ai_reviews', 'qa_reviews') }} as accuracy_ok_ai_reviews,
        cast(in_month.accuracy_ok_ai_reviews as {{ supportmetrics.type_double() }})
        / nullif(in_month.scored_ai_reviews, 0) as accuracy_ok_rate,
        {{ supportmetrics.carried_or_null('in_month.critical_ai_errors', 'qa_reviews') }} as critical_ai_errors,
        {{ supportmetrics.carried_or_null('trailing_errors.critical_ai_errors_last_30_days', 'qa_reviews') }} as critical_ai_errors_last_30_days,
        {{ supportmetrics.carried_or_null('trailing_errors.ai_reviews_last_30_days', 'qa_reviews') }} as ai_reviews_last_30_days,
        {% call supportmetrics.carried_or_reason('qa_reviews') -%}
            case when in_month.ai_reviews = 0 then 'no_ai_qa_reviews' end
        {%- endcall %} as qa_missing_reason
    from in_month
    inner join trailing_errors
        on in_month.period_start = trailing_errors.period_start
            and in_month.slice_dimension = trailing_errors.slice_dimension
            and in_month.slice_value = trailing_errors.slice_value

)

select * from final
