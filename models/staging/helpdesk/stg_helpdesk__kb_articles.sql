with

base as (

    select * from {{ ref('base_helpdesk__kb_articles') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        article_id,

        -- strings (the title is kept: it is documentation, not customer data)
        title,
        lower(intent) as intent,

        -- timestamps
        created_at,
        updated_at,
        archived_at

    from base

)

select * from final
