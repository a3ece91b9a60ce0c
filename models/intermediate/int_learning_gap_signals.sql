{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the conversations in int_incremental_scope (an AI event, handoff
-- or message feedback loaded since the previous run puts its conversation in scope); a signal
-- depends only on its own conversation
ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}
    where {{ in_incremental_scope() }}

),

handoffs as (

    select * from {{ ref('stg_helpdesk__handoffs') }}
    where {{ in_incremental_scope() }}

),

feedback as (

    select * from {{ ref('stg_helpdesk__message_feedback') }}

),

messages as (

    select * from {{ ref('int_messages_sequenced') }}
    where {{ in_incremental_scope() }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_scope() }}

),

low_confidence_answers as (

    select
        ai_event_id as signal_id,
        'low_confidence_answer' as signal_type,
        conversation_id,
        created_at as signal_at
    from ai_events
    where event_type = 'answer_sent'
        and confidence < {{ var('low_confidence_threshold') }}

),

low_confidence_handoffs as (

    select
        handoff_id as signal_id,
        'low_confidence_handoff' as signal_type,
        conversation_id,
        created_at as signal_at
    from handoffs
    where handoff_trigger = 'low_confidence'

),

unhelpful_answers as (

    select
        feedback.feedback_id as signal_id,
        'unhelpful_answer' as signal_type,
        messages.conversation_id,
        feedback.created_at as signal_at
    from feedback
    inner join messages
        on feedback.message_id = messages.message_id
    where not feedback.is_helpful
        and messages.author_type = 'ai_agent'

),

unioned as (

    select * from low_confidence_answers
    union all
    select * from low_confidence_handoffs
    union all
    select * from unhelpful_answers

),

final as (

    select
        unioned.signal_id,
        unioned.signal_type,
        unioned.conversation_id,
        facts.intent_label as intent,
        facts.channel,
        unioned.signal_at,
        cast({{ dbt.date_trunc('week', 'unioned.signal_at') }} as date) as signal_week,
        cast({{ dbt.date_trunc('month', 'unioned.signal_at') }} as date) as signal_month
    from unioned
    inner join facts
        on unioned.conversation_id = facts.conversation_id

)

select * from final
