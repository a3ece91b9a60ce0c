with

kb_articles as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_helpdesk__kb_articles') }}

),

created_events as (

    select
        article_id,
        intent,
        'created' as kb_action,
        created_at as event_at
    from kb_articles
    where intent is not null
        and created_at is not null

),

updated_events as (

    select
        article_id,
        intent,
        'updated' as kb_action,
        updated_at as event_at
    from kb_articles
    where intent is not null
        and updated_at > created_at
        and (archived_at is null or updated_at < archived_at)

),

unioned as (

    select * from created_events
    union all
    select * from updated_events

),

final as (

    select
        {{ dbt.concat(['article_id', "':'", 'kb_action']) }} as kb_event_id,
        article_id,
        intent,
        kb_action,
        event_at
    from unioned

)

select * from final
