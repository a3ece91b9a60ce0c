with

tickets as (

    select * from {{ supportmetrics.zendesk_staged('tickets') }}

),

ticket_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

comment_rows as (

    select * from {{ ref('map_zendesk__comment_rows') }}

),

field_change_rows as (

    select * from {{ ref('map_zendesk__field_change_rows') }}

),

rating_rows as (

    select * from {{ ref('map_zendesk__rating_rows') }}

),

users as (

    select * from {{ supportmetrics.zendesk_staged('users') }}

),

classified_users as (

    select * from {{ ref('map_zendesk__users') }}

),

deleted_tickets as (

    -- Airbyte's deleted_tickets stream (no rows for Fivetran, which flags _fivetran_deleted)
    {{ supportmetrics.zendesk_staged_or_empty('deleted_tickets', [('ticket_id', dbt.type_string())]) }}

),

deleted_ticket_outcomes as (

    -- every record of Airbyte's deleted_tickets stream: its ticket excluded as deleted, a
    -- ticket the tickets stream never landed (nothing to exclude), or one restored after the
    -- deletion (map_zendesk__ticket_scope: a later tickets record; the ticket is counted there)
    select
        '{{ supportmetrics.zendesk_vendor_table("deleted_tickets") }}' as vendor_table,
        'conversations' as canonical_table,
        case
            when ticket_scope.ticket_id is null then 'ticket_not_landed'
            when ticket_scope.exclusion_reason = 'deleted' then 'deleted'
            else 'restored'
        end as outcome,
        count(*) as vendor_rows
    from deleted_tickets
    left join ticket_scope
        on deleted_tickets.ticket_id = ticket_scope.ticket_id
    group by 1, 2, 3

),

ticket_outcomes as (

    select
        '{{ supportmetrics.zendesk_vendor_table("tickets") }}' as vendor_table,
        'conversations' as canonical_table,
        coalesce(ticket_scope.exclusion_reason, 'mapped') as outcome,
        count(*) as vendor_rows
    from tickets
    left join ticket_scope
        on tickets.ticket_id = ticket_scope.ticket_id
    group by 1, 2, 3

),

comment_outcomes as (

    select
        '{{ supportmetrics.zendesk_vendor_table("ticket_comments") }}' as vendor_table,
        'messages' as canonical_table,
        coalesce(exclusion_reason, 'mapped') as outcome,
        count(*) as vendor_rows
    from comment_rows
    group by 1, 2, 3

),

field_change_outcomes as (

    select
        '{{ supportmetrics.zendesk_vendor_table("ticket_field_changes") }}' as vendor_table,
        'ticket_events' as canonical_table,
        coalesce(exclusion_reason, 'mapped') as outcome,
        count(*) as vendor_rows
    from field_change_rows
    group by 1, 2, 3

),

rating_outcomes as (

    select
        '{{ supportmetrics.zendesk_vendor_table("satisfaction_ratings") }}' as vendor_table,
        'csat_responses' as canonical_table,
        coalesce(exclusion_reason, 'mapped') as outcome,
        count(*) as vendor_rows
    from rating_rows
    group by 1, 2, 3

),

user_outcomes as (

    select
        '{{ supportmetrics.zendesk_vendor_table("users") }}' as vendor_table,
        case
            when users.user_id is null then 'customers'
            when classified_users.author_type = 'customer' then 'customers'
            when classified_users.author_type in ('ai_agent', 'human_agent') then 'agents'
        end as canonical_table,
        case
            when users.user_id is null then 'mapped'
            when users.updated_at != classified_users.updated_at or users.synced_at != classified_users.synced_at
                then 'superseded_version'
            when classified_users.is_deleted then 'deleted'
            when classified_users.author_type = 'unclassified' then 'unknown_role'
            else 'mapped'
        end as outcome,
        count(*) as vendor_rows
    from users
    left join classified_users
        on users.user_id = classified_users.user_id
    group by 1, 2, 3

),

final as (

    select * from ticket_outcomes
    union all
    select * from comment_outcomes
    union all
    select * from field_change_outcomes
    union all
    select * from rating_outcomes
    union all
    select * from user_outcomes
    union all
    select * from deleted_ticket_outcomes

)

select * from final
