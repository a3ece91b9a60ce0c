with

conversation_scope as (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

-- Fin's own verdict on each conversation it took part in (ai_agent_* on conversation_history)
final as (

    select
        conversation_id,
        'intercom_fin' as vendor,
        ai_resolution_state as vendor_resolution_state,
        ai_rating as vendor_ai_rating,
        ai_last_answer_type as vendor_last_answer_type
    from conversation_scope
    where exclusion_reason is null
        and (is_ai_agent_participated or ai_resolution_state is not null)

)

select * from final
