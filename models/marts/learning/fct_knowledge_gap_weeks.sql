with

signals as (

    select * from {{ ref('int_learning_gap_signals') }}

),

gaps as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_knowledge_gaps') }}

),

signal_weeks as (

    select
        intent,
        signal_week as week_start,
        count(*) as signals,
        sum(case when signal_type = 'low_confidence_answer' then 1 else 0 end) as low_confidence_answers,
        sum(case when signal_type = 'low_confidence_handoff' then 1 else 0 end) as low_confidence_handoffs,
        sum(case when signal_type = 'unhelpful_answer' then 1 else 0 end) as unhelpful_answers,
        count(distinct conversation_id) as conversations,
        min(signal_at) as first_signal_at,
        max(signal_at) as last_signal_at
    from signals
    group by 1, 2

),

opened as (

    select
        intent,
        first_seen_week as week_start,
        count(*) as gaps_first_seen,
        sum(case when is_open then 1 else 0 end) as gaps_first_seen_still_open
    from gaps
    group by 1, 2

),

closed as (

    select
        intent,
        cast({{ dbt.date_trunc('week', 'closed_at') }} as date) as week_start,
        count(*) as gaps_closed
    from gaps
    where not is_open
    group by 1, 2

),

intent_weeks as (

    select
        intent,
        week_start
    from signal_weeks
    union
    select
        intent,
        week_start
    from closed

),

final as (

    select
        intent_weeks.intent,
        intent_weeks.week_start,
        coalesce(signal_weeks.signals, 0) as signals,
        coalesce(signal_weeks.low_confidence_answers, 0) as low_confidence_answers,
        coalesce(signal_weeks.low_confidence_handoffs, 0) as low_confidence_handoffs,
        coalesce(signal_weeks.unhelpful_answers, 0) as unhelpful_answers,
        coalesce(signal_weeks.conversations, 0) as conversations,
        signal_weeks.first_signal_at,
        signal_weeks.last_signal_at,
        coalesce(opened.gaps_first_seen, 0) as gaps_first_seen,
        coalesce(opened.gaps_first_seen_still_open, 0) as gaps_first_seen_still_open,
        coalesce(closed.gaps_closed, 0) as gaps_closed
    from intent_weeks
    left join signal_weeks
        on intent_weeks.intent = signal_weeks.intent
            and intent_weeks.week_start = signal_weeks.week_start
    left join opened
        on intent_weeks.intent = opened.intent
            and intent_weeks.week_start = opened.week_start
    left join closed
        on intent_weeks.intent = closed.intent
            and intent_weeks.week_start = closed.week_start

)

select * from final
