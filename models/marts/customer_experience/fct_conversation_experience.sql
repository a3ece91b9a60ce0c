{{ config(**incremental_conversation_config(recomputes_beyond_scope=true)) }}

with

-- every conversation: the earlier side of a continuation
all_facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

-- the conversations an incremental run recomputes: those in int_incremental_scope (their facts,
-- messages, text signals or feedback changed: feedback loaded since the previous run puts its
-- conversation in scope) and every conversation of the same customers, whose continuation and
-- channel switch read the changed conversation's end, intent and channel
scope_customers as (

    select customer_id
    from all_facts
    where {{ in_incremental_scope() }}
    group by 1

),

recomputed as (

    select all_facts.conversation_id
    from all_facts
    where {{ in_incremental_scope('all_facts.conversation_id') }}
        or all_facts.customer_id in (select scope_customers.customer_id from scope_customers)

),

facts as (

    select * from all_facts
    where all_facts.conversation_id in (select recomputed.conversation_id from recomputed)

),

messages as (

    select * from {{ ref('int_messages_sequenced') }} as sequenced
    where sequenced.conversation_id in (select recomputed.conversation_id from recomputed)

),

feedback as (

    select * from {{ ref('stg_helpdesk__message_feedback') }} as feedback_rows
    where feedback_rows.message_id in (select messages.message_id from messages)

),

text_signals as (

    select * from {{ ref('int_message_text_signals') }} as signals
    where signals.conversation_id in (select recomputed.conversation_id from recomputed)

),

returns as (

    select * from {{ ref('int_conversation_returns') }} as return_pairs
    where return_pairs.later_conversation_id in (select recomputed.conversation_id from recomputed)

),

message_feedback as (

    select
        message_id,
        {{ dbt.bool_or('is_helpful') }} as has_helpful_feedback
    from feedback
    group by 1

),

flagged_messages as (

    select
        messages.conversation_id,
        messages.message_sequence,
        messages.author_type,
        messages.author_type in ('ai_agent', 'human_agent')
        and coalesce(message_feedback.has_helpful_feedback, false) as is_helpful_answer,
        coalesce(text_signals.is_rephrase, false) as is_rephrase
    from messages
    left join message_feedback
        on messages.message_id = message_feedback.message_id
    left join text_signals
        on messages.message_id = text_signals.message_id

),

message_rollup as (

    select
        conversation_id,
        min(case when is_helpful_answer then message_sequence end) as first_helpful_feedback_sequence,
        max(case when author_type in ('ai_agent', 'human_agent') then message_sequence end) as last_agent_sequence,
        count(case when is_rephrase then 1 end) as rephrase_count
    from flagged_messages
    group by 1

),

answers as (

    select
        facts.conversation_id,
        case
            when message_rollup.first_helpful_feedback_sequence is not null then 'helpful_feedback'
            when message_rollup.last_agent_sequence is not null
                and (
                    (facts.is_deflected and coalesce(facts.is_truly_resolved, false))
                    or (not facts.is_deflected and facts.is_solved)
                )
                then 'resolving_answer'
        end as helpful_answer_basis,
        coalesce(
            message_rollup.first_helpful_feedback_sequence,
            case
                when (facts.is_deflected and coalesce(facts.is_truly_resolved, false))
                    or (not facts.is_deflected and facts.is_solved)
                    then message_rollup.last_agent_sequence
            end
        ) as helpful_answer_sequence,
        coalesce(message_rollup.rephrase_count, 0) as rephrase_count
    from facts
    left join message_rollup
        on facts.conversation_id = message_rollup.conversation_id

),

effort as (

    select
        answers.conversation_id,
        count(*) as customer_messages_before_helpful_answer
    from answers
    inner join messages
        on answers.conversation_id = messages.conversation_id
            and messages.author_type = 'customer'
            and messages.message_sequence < answers.helpful_answer_sequence
    group by 1

),

continuations as (

    select
        returns.later_conversation_id as conversation_id,
        {{ dbt.bool_or('earlier.channel != later.channel') }} as is_channel_switch
    from returns
    inner join all_facts as earlier
        on returns.conversation_id = earlier.conversation_id
    inner join facts as later
        on returns.later_conversation_id = later.conversation_id
    where returns.is_same_or_unknown_intent
        and returns.is_within_long_window
    group by 1

),

final as (

    select
        facts.conversation_id,
        facts.created_date,
        facts.channel,
        facts.intent_label as intent,
        facts.priority,
        facts.account_segment,
        facts.handling_path,
        facts.is_ai_involved,
        facts.is_deflected,
        facts.is_escalated,
        facts.is_pending_window,
        facts.is_truly_resolved,
        facts.csat_score,
        cast(facts.ai_message_count as {{ dbt.type_bigint() }}) as ai_message_count,
        cast(facts.customer_message_count as {{ dbt.type_bigint() }}) as customer_message_count,
        facts.is_abandoned,
        cast(facts.drop_off_turn as {{ dbt.type_bigint() }}) as drop_off_turn,
        facts.first_customer_sentiment,
        facts.last_customer_sentiment,
        facts.last_customer_sentiment_source,
        facts.last_customer_sentiment - facts.first_customer_sentiment as sentiment_change,
        case
            when facts.customer_message_count < 2
                or facts.first_customer_sentiment is null
                or facts.last_customer_sentiment is null
                then 'not_measurable'
            when facts.first_customer_sentiment < {{ var('negative_sentiment_threshold') }}
                and facts.last_customer_sentiment >= {{ var('negative_sentiment_threshold') }}
                then 'recovered'
            when facts.last_customer_sentiment - facts.first_customer_sentiment > {{ var('sentiment_stable_band') }}
                then 'improved'
            when facts.first_customer_sentiment - facts.last_customer_sentiment > {{ var('sentiment_stable_band') }}
                then 'worsened'
            else 'stable'
        end as sentiment_trajectory,
        coalesce(facts.first_customer_sentiment < {{ var('negative_sentiment_threshold') }}, false)
            as is_started_negative,
        answers.helpful_answer_basis,
        answers.helpful_answer_sequence is not null as has_helpful_answer,
        case
            when answers.helpful_answer_sequence is not null
                then coalesce(effort.customer_messages_before_helpful_answer, 0)
        end as customer_messages_before_helpful_answer,
        cast(answers.rephrase_count as {{ dbt.type_bigint() }}) as rephrase_count,
        continuations.conversation_id is not null as is_issue_continuation,
        coalesce(continuations.is_channel_switch, false) as is_channel_switch
    from facts
    inner join answers
        on facts.conversation_id = answers.conversation_id
    left join effort
        on facts.conversation_id = effort.conversation_id
    left join continuations
        on facts.conversation_id = continuations.conversation_id

)

select * from final
