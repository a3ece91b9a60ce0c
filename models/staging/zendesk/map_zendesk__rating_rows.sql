with

ratings as (

    select * from {{ supportmetrics.zendesk_staged('satisfaction_ratings') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

latest_ratings as (

    select
        *,
        row_number() over (
            partition by rating_id order by updated_at desc nulls last, synced_at desc nulls last
        ) as version_rank
    from ratings

),

final as (

    select
        latest_ratings.rating_id,
        latest_ratings.ticket_id,
        case latest_ratings.score
            when 'good' then '{{ var("zendesk_csat_good_score") }}'
            when 'bad' then '{{ var("zendesk_csat_bad_score") }}'
            else latest_ratings.score
        end as score,
        latest_ratings.comment,
        latest_ratings.updated_at as responded_at,
        latest_ratings.synced_at,
        latest_ratings.version_rank,
        case
            when latest_ratings.version_rank > 1 then 'superseded_version'
            when latest_ratings.is_deleted then 'deleted'
            when ticket_scope.exclusion_reason is not null then {{ dbt.concat(["'ticket_'", "ticket_scope.exclusion_reason"]) }}
            when latest_ratings.score in ('offered', 'unoffered') then 'not_answered'
        end as exclusion_reason
    from latest_ratings
    left join ticket_scope
        on latest_ratings.ticket_id = ticket_scope.ticket_id

)

select * from final
