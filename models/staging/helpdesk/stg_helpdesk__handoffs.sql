with

base as (

    select * from {{ ref('base_helpdesk__handoffs') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        handoff_id,
        conversation_id,
        to_agent_id,

        -- strings
        {{ adapter.quote("trigger") }} as handoff_trigger,
        to_team,

        -- numerics
        ai_confidence,

        -- booleans: the summary text itself is free text and is not kept
        coalesce(trim(context_summary), '') != '' as has_context_summary,

        -- timestamps
        created_at

    from base

)

select * from final
