with

verdicts as (

    {{ supportmetrics.vendor_ai_verdicts_select() }}

),

conversation_facts as (

    select * from {{ ref('int_conversation_facts') }}

),

-- the vendor's verdict on a conversation beside our own judgement of it: our true-resolution
-- rule (int_conversation_facts) judges every conversation, the vendor's word changes nothing
final as (

    select
        verdicts.conversation_id,
        verdicts.vendor,
        verdicts.vendor_resolution_state,
        verdicts.vendor_ai_rating,
        verdicts.vendor_last_answer_type,
        conversation_facts.created_date,
        conversation_facts.intent,
        conversation_facts.resolution_state,
        conversation_facts.is_judged,
        conversation_facts.is_truly_resolved,
        conversation_facts.is_returned_72h,
        conversation_facts.is_reopened,
        conversation_facts.has_negative_end_sentiment,
        conversation_facts.has_low_csat
    from verdicts
    inner join conversation_facts
        on verdicts.conversation_id = conversation_facts.conversation_id

)

select * from final
