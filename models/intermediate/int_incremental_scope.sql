{#- Conversations an incremental run recomputes: any activity (conversation created or
    updated, message, ticket event, handoff, AI event, CSAT response) at or after the data's
    high-water mark minus var incremental_lookback_hours. Rebuilt on every run (small). -#}

with

conversations as (

    select * from {{ ref('stg_helpdesk__conversations') }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

),

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}

),

handoffs as (

    select * from {{ ref('stg_helpdesk__handoffs') }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

csat as (

    select * from {{ ref('stg_helpdesk__csat_responses') }}

),

feedback as (

    select * from {{ ref('stg_helpdesk__message_feedback') }}

),

high_water_mark as (

    select max(observed_at) as high_water_mark_at
    from (
        select max(updated_at) as observed_at from conversations
        union all
        select max(created_at) as observed_at from messages
    ) as observations

),

cutoff as (

    select
        {{ dbt.dateadd('hour', -1 * var('incremental_lookback_hours'), 'high_water_mark_at') }} as cutoff_at
    from high_water_mark

),

activity as (

    select
        conversation_id,
        updated_at as activity_at
    from conversations
    union all
    select
        conversation_id,
        created_at as activity_at
    from conversations
    union all
    select
        conversation_id,
        created_at as activity_at
    from messages
    union all
    select
        conversation_id,
        created_at as activity_at
    from ticket_events
    union all
    select
        conversation_id,
        created_at as activity_at
    from handoffs
    union all
    select
        conversation_id,
        created_at as activity_at
    from ai_events
    union all
    select
        conversation_id,
        responded_at as activity_at
    from csat
    union all
    select
        messages.conversation_id,
        feedback.created_at as activity_at
    from feedback
    inner join messages
        on feedback.message_id = messages.message_id

),

final as (

    select activity.conversation_id
    from activity
    cross join cutoff
    where activity.activity_at >= cutoff.cutoff_at
    group by 1

)

select * from final
