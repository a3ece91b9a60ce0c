{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the conversations in int_incremental_scope (an AI event loaded
-- since the previous run puts its conversation in scope); nothing here spans conversations
ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}
    where {{ in_incremental_scope() }}

),

ranked as (

    select
        conversation_id,
        event_type,
        intent,
        confidence,
        created_at,
        row_number() over (
            partition by conversation_id, event_type order by created_at, ai_event_id
        ) as first_rank,
        row_number() over (
            partition by conversation_id, event_type order by created_at desc, ai_event_id desc
        ) as last_rank
    from ai_events
    where event_type in ('intent_classified', 'answer_sent')

),

per_conversation as (

    select
        conversation_id,
        max(case when event_type = 'intent_classified' and first_rank = 1 then 1 else 0 end) = 1 as has_intent_classified,
        max(case when event_type = 'intent_classified' and first_rank = 1 then intent end) as ai_intent,
        max(case when event_type = 'intent_classified' and first_rank = 1 then confidence end) as ai_intent_confidence,
        max(case when event_type = 'intent_classified' and first_rank = 1 then created_at end) as intent_classified_at,
        sum(case when event_type = 'answer_sent' then 1 else 0 end) as answers_sent,
        min(case when event_type = 'answer_sent' then confidence end) as min_answer_confidence,
        max(case when event_type = 'answer_sent' and last_rank = 1 then confidence end) as last_answer_confidence
    from ranked
    group by 1

),

confidences as (

    select
        conversation_id,
        has_intent_classified,
        ai_intent,
        ai_intent_confidence,
        intent_classified_at,
        answers_sent,
        min_answer_confidence,
        last_answer_confidence,
        coalesce(last_answer_confidence, ai_intent_confidence) as ai_confidence,
        case
            when last_answer_confidence is not null then 'answer_sent'
            when ai_intent_confidence is not null then 'intent_classified'
        end as confidence_source
    from per_conversation

),

final as (

    select
        confidences.*,
        -- decile k holds confidence in [(k-1)/10, k/10); a confidence of exactly 1 is in decile 10
        case
            when ai_confidence >= 1 then 10
            else cast(floor(ai_confidence * 10) as {{ dbt.type_int() }}) + 1
        end as ai_confidence_decile
    from confidences

)

select * from final
