with

base as (

    select * from {{ ref('base_helpdesk__cs_interventions') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        intervention_id,
        account_id,
        csm_id,

        -- strings
        intervention_type,
        ai_involvement,
        outcome,

        -- numerics
        ai_content_retained_pct,

        -- timestamps
        created_at

    from base

)

select * from final
