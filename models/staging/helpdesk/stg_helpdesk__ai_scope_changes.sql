with

base as (

    select * from {{ ref('base_helpdesk__ai_scope_changes') }}
    where _row_status = 'current'

),

final as (

    select
        -- strings
        lower(intent) as intent,
        mode as ai_mode,

        -- timestamps
        effective_from

    from base

)

select * from final
