{#- the event tables int_stage_daily_counts counts by day, each dated by its activity column -#}
{%- set activity_columns = supportmetrics.conversation_activity_columns() %}
{%- set dated_events = ['ai_events', 'agent_work_sessions', 'qa_reviews'] %}

with

scope as (

    select * from {{ ref('int_incremental_scope') }}

),

created_dates as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_incremental_created_dates') }}

),

-- an agent row loaded since the previous run can change the labour cost of any work session:
-- every date is recomputed (int_incremental_created_dates then lists every created date)
every_date as (

    select count(*) > 0 as is_every_date
    from created_dates
    where created_dates.recomputes_every_period

),

-- the dates of every version (current, superseded, quarantined) of every event of the
-- conversations in scope: an event moved to another day, or to another conversation, also
-- recomputes the day it was counted on before, and a conversation whose channel or intent
-- changed recomputes every day one of its events is counted on
event_dates as (

    {%- for table in dated_events %}
        {%- set column = activity_columns[table][0] %}
        select cast({{ dbt.date_trunc('day', 'events.' ~ column) }} as date) as activity_date
        from {{ ref('base_helpdesk__' ~ table) }} as events
        cross join every_date
        where events.{{ column }} is not null
            and (
                every_date.is_every_date
                or events.conversation_id in (select scope.conversation_id from scope)
            )
        union all
    {%- endfor %}
    select created_dates.created_date as activity_date
    from created_dates

),

final as (

    select activity_date
    from event_dates
    where activity_date is not null
    group by 1

)

select * from final
