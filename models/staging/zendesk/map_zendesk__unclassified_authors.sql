with

comment_rows as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__comment_rows') }}

),

users as (

    select * from {{ ref('map_zendesk__users') }}

),

ticket_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

unclassified_comment_authors as (

    select
        'author' as subject_type,
        comment_rows.user_id as subject_id,
        case
            when users.user_id is null then 'author_not_in_user_table'
            else 'unknown_role'
        end as reason,
        ticket_scope.brand_id,
        count(*) as comments,
        min(comment_rows.created_at) as first_comment_at
    from comment_rows
    left join users
        on comment_rows.user_id = users.user_id
    left join ticket_scope
        on comment_rows.ticket_id = ticket_scope.ticket_id
    where comment_rows.exclusion_reason is null
        and comment_rows.author_type = 'unclassified'
    group by 1, 2, 3, 4

),

ai_tickets_without_ai_author as (

    select
        'ticket' as subject_type,
        ticket_scope.ticket_id as subject_id,
        'ai_ticket_without_ai_author' as reason,
        ticket_scope.brand_id,
        count(comment_rows.comment_id) as comments,
        min(comment_rows.created_at) as first_comment_at
    from ticket_scope
    left join comment_rows
        on ticket_scope.ticket_id = comment_rows.ticket_id
    where ticket_scope.ai_ticket_rule_id is not null
        and ticket_scope.exclusion_reason is null
    group by 1, 2, 3, 4
    having {{ dbt.bool_or("comment_rows.author_type = 'ai_agent'") }} is not true

),

final as (

    select * from unclassified_comment_authors
    union all
    select * from ai_tickets_without_ai_author

)

select * from final
