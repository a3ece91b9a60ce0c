{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the conversations in int_incremental_scope (an AI event loaded
-- since the previous run puts its conversation in scope); nothing here spans conversations
ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}
    where {{ in_incremental_scope() }}

),

final as (

    select
        ai_event_id,
        conversation_id,
        created_at,
        draft_outcome,
        coalesce(draft_outcome = 'sent_as_is', false) as is_accepted,
        coalesce(draft_outcome = 'edited', false) as is_edited,
        coalesce(draft_outcome in ('sent_as_is', 'edited'), false) as is_matched,
        coalesce(draft_outcome = 'rewritten', false) as is_rewritten,
        coalesce(draft_outcome = 'discarded', false) as is_discarded,
        draft_outcome is null as has_no_outcome
    from ai_events
    where event_type = 'draft_suggested'

)

select * from final
