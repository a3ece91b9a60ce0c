with

comments as (

    select * from {{ supportmetrics.zendesk_staged('ticket_comments') }}

),

users as (

    select * from {{ ref('map_zendesk__users') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

final as (

    select
        comments.comment_id,
        comments.ticket_id,
        comments.user_id,
        comments.body_text,
        comments.is_public,
        comments.created_at,
        comments.synced_at,
        case
            when comments.user_id is null or comments.user_id = '-1' then 'system'
            else coalesce(users.author_type, 'unclassified')
        end as author_type,
        case
            when comments.is_deleted then 'deleted'
            when ticket_scope.exclusion_reason is not null then {{ dbt.concat(["'ticket_'", "ticket_scope.exclusion_reason"]) }}
        end as exclusion_reason
    from comments
    left join users
        on comments.user_id = users.user_id
    left join ticket_scope
        on comments.ticket_id = ticket_scope.ticket_id

)

select * from final
