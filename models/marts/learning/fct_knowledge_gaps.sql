with

signals as (

    select * from {{ ref('int_learning_gap_signals') }}

),

kb_events as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_learning_kb_events') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

as_of as (

    select max(high_water_mark_at) as as_of_at
    from facts

),

signal_closures as (

    -- each signal is closed by the first KB change of its intent strictly after it
    select
        signals.signal_type,
        signals.signal_id,
        signals.intent,
        signals.conversation_id,
        signals.signal_at,
        signals.signal_week,
        min(kb_events.event_at) as closed_at
    from signals
    left join kb_events
        on signals.intent = kb_events.intent
            and kb_events.event_at > signals.signal_at
    group by 1, 2, 3, 4, 5, 6

),

gaps as (

    -- signals sharing the same closing change (or still open) form one gap
    select
        intent,
        closed_at,
        min(signal_at) as first_seen_at,
        max(signal_at) as last_seen_at,
        count(*) as signals,
        sum(case when signal_type = 'low_confidence_answer' then 1 else 0 end) as low_confidence_answers,
        sum(case when signal_type = 'low_confidence_handoff' then 1 else 0 end) as low_confidence_handoffs,
        sum(case when signal_type = 'unhelpful_answer' then 1 else 0 end) as unhelpful_answers,
        count(distinct conversation_id) as conversations,
        count(distinct signal_week) as weeks_with_signals
    from signal_closures
    group by 1, 2

),

sequenced as (

    select
        gaps.*,
        row_number() over (partition by intent order by first_seen_at) as gap_sequence
    from gaps

),

closing_changes as (

    select
        intent,
        event_at,
        article_id,
        kb_action,
        row_number() over (
            partition by intent, event_at order by kb_action, article_id
        ) as change_rank
    from kb_events

),

final as (

    select
        {{ dbt.concat(['gaps.intent', "'#'", 'cast(gaps.gap_sequence as ' ~ dbt.type_string() ~ ')']) }} as gap_id,
        gaps.gap_sequence,
        gaps.intent,
        gaps.first_seen_at,
        cast({{ dbt.date_trunc('week', 'gaps.first_seen_at') }} as date) as first_seen_week,
        gaps.last_seen_at,
        gaps.signals,
        gaps.low_confidence_answers,
        gaps.low_confidence_handoffs,
        gaps.unhelpful_answers,
        gaps.conversations,
        gaps.weeks_with_signals,
        gaps.closed_at is null as is_open,
        gaps.closed_at,
        closing_changes.article_id as closing_article_id,
        closing_changes.kb_action as closing_kb_action,
        cast(
            {{ dbt.datediff('gaps.first_seen_at', 'gaps.closed_at', 'second') }}
            as {{ supportmetrics.type_double() }}
        ) / 3600 as hours_to_close,
        cast(
            {{ dbt.datediff('gaps.first_seen_at', 'gaps.closed_at', 'second') }}
            as {{ supportmetrics.type_double() }}
        ) / 86400 as days_to_close,
        case
            when gaps.closed_at is null
                then cast(
                        {{ dbt.datediff('gaps.first_seen_at', 'as_of.as_of_at', 'second') }}
                        as {{ supportmetrics.type_double() }}
                    ) / 86400
        end as open_for_days,
        as_of.as_of_at
    from sequenced as gaps
    cross join as_of
    left join closing_changes
        on gaps.intent = closing_changes.intent
            and gaps.closed_at = closing_changes.event_at
            and closing_changes.change_rank = 1

)

select * from final
