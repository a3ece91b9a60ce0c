with

base as (

    select * from {{ ref('base_helpdesk__agent_work_sessions') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        agent_id,
        conversation_id,

        -- numerics
        {{ dbt.datediff('started_at', 'ended_at', 'second') }} as handle_seconds,

        -- timestamps
        started_at,
        ended_at

    from base

)

select * from final
