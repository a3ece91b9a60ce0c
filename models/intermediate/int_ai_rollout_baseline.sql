with

conversations as (

    select * from {{ ref('stg_helpdesk__conversations') }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

scope_changes as (

    select * from {{ ref('stg_helpdesk__ai_scope_changes') }}

),

ai_activity as (

    select min(created_at) as activity_at from messages
    where author_type = 'ai_agent'
    union all
    select min(created_at) as activity_at from ai_events
    union all
    select min(effective_from) as activity_at from scope_changes
    where ai_mode != 'off'

),

first_activity as (

    select min(ai_activity.activity_at) as first_ai_activity_at
    from ai_activity

),

first_conversation as (

    select cast({{ dbt.date_trunc('month', 'min(conversations.created_at)') }} as date) as baseline_start_month
    from conversations

),

bounds as (

    select
        first_activity.first_ai_activity_at,
        first_conversation.baseline_start_month
    from first_activity
    cross join first_conversation

),
{% if var('pre_ai_baseline_end_date', none) %}
    {%- set baseline_end = "cast('" ~ var('pre_ai_baseline_end_date') ~ "' as date)" %}
{%- else %}
    {%- set baseline_end = "cast(" ~ dbt.date_trunc('month', 'first_ai_activity_at') ~ " as date)" %}
{%- endif %}

with_end as (

    select
        first_ai_activity_at,
        baseline_start_month,
        {{ baseline_end }} as baseline_end_month,
        first_ai_activity_at is not null as has_ai_activity
    from bounds

),

final as (

    select
        first_ai_activity_at,
        baseline_start_month,
        baseline_end_month,
        has_ai_activity,
        baseline_end_month is not null and baseline_end_month > baseline_start_month as has_baseline
    from with_end

)

select * from final
