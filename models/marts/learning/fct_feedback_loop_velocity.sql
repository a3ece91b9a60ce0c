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

negative_feedback as (

    select * from signals
    where signal_type = 'unhelpful_answer'

),

feedback_changes as (

    select
        negative_feedback.signal_id,
        negative_feedback.intent,
        negative_feedback.signal_at,
        min(kb_events.event_at) as kb_change_at
    from negative_feedback
    left join kb_events
        on negative_feedback.intent = kb_events.intent
            and kb_events.event_at > negative_feedback.signal_at
    group by 1, 2, 3

),

loops as (

    select
        intent,
        kb_change_at,
        min(signal_at) as first_negative_feedback_at,
        max(signal_at) as last_negative_feedback_at,
        count(*) as negative_feedbacks
    from feedback_changes
    group by 1, 2

),

sequenced as (

    select
        loops.*,
        row_number() over (partition by intent order by first_negative_feedback_at) as loop_sequence
    from loops

),

kb_changes as (

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
        {{ dbt.concat(['sequenced.intent', "'#'", 'cast(sequenced.loop_sequence as ' ~ dbt.type_string() ~ ')']) }}
            as feedback_loop_id,
        sequenced.intent,
        sequenced.loop_sequence,
        sequenced.first_negative_feedback_at,
        cast({{ dbt.date_trunc('month', 'sequenced.first_negative_feedback_at') }} as date) as feedback_month,
        sequenced.last_negative_feedback_at,
        sequenced.negative_feedbacks,
        sequenced.kb_change_at is null as is_open,
        sequenced.kb_change_at,
        kb_changes.article_id as kb_article_id,
        kb_changes.kb_action,
        cast(
            {{ dbt.datediff('sequenced.first_negative_feedback_at', 'sequenced.kb_change_at', 'second') }}
            as {{ supportmetrics.type_double() }}
        ) / 3600 as hours_to_kb_change,
        case
            when sequenced.kb_change_at is null
                then cast(
                        {{ dbt.datediff('sequenced.first_negative_feedback_at', 'as_of.as_of_at', 'second') }}
                        as {{ supportmetrics.type_double() }}
                    ) / 3600
        end as open_for_hours
    from sequenced
    cross join as_of
    left join kb_changes
        on sequenced.intent = kb_changes.intent
            and sequenced.kb_change_at = kb_changes.event_at
            and kb_changes.change_rank = 1

)

select * from final
