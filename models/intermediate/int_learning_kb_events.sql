{#- Knowledge-base changes, one row per article create or update: the events that can close a
    knowledge gap of the article's intent.
    - created: the article's created_at;
    - updated: its updated_at when later than created_at, unless that update is the archiving
      itself (updated_at at or after archived_at): archiving an article adds no knowledge.
    The export keeps only an article's latest updated_at, so earlier updates are not seen.
    Articles without an intent cannot close an intent's gap and are left out. -#}

with

kb_articles as (

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
