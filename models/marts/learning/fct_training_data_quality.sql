{%- set slices = {'overall': "'all'", 'intent': 'intent'} %}

with

qa_reviews as (

    select * from {{ ref('int_qa_reviews_scored') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

latest_review as (

    select
        conversation_id,
        is_accuracy_ok,
        has_critical_error
    from qa_reviews
    where is_latest_review

),

reviewed as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_at') }} as date) as created_month,
        facts.intent,
        facts.is_truly_resolved,
        coalesce(latest_review.is_accuracy_ok, false) as is_accurate,
        latest_review.has_critical_error
    from facts
    inner join latest_review
        on facts.conversation_id = latest_review.conversation_id
    where facts.is_ai_involved
        and not facts.is_pending_window

),

sliced as (

    {{ supportmetrics.slice_fanout('reviewed', slices, [
        'created_month',
        'is_truly_resolved',
        'is_accurate',
        'has_critical_error',
    ]) }}

),

aggregated as (

    select
        created_month,
        slice_dimension,
        slice_value,
        count(*) as judged_reviewed_ai_conversations,
        sum(case when is_accurate then 1 else 0 end) as accurate_conversations,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations,
        sum(case when has_critical_error then 1 else 0 end) as critical_error_conversations,
        sum(case when is_accurate and is_truly_resolved and not has_critical_error then 1 else 0 end)
            as training_ready_conversations
    from sliced
    group by 1, 2, 3

),

final as (

    select
        aggregated.*,
        cast(training_ready_conversations as {{ supportmetrics.type_double() }})
        / nullif(judged_reviewed_ai_conversations, 0) as training_ready_rate
    from aggregated

)

select * from final
