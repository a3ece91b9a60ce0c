{%- set previous = load_relation(this) if execute else none %}
{%- set previous_columns = adapter.get_columns_in_relation(previous) | map(attribute='name') | map('lower') | list if previous is not none else [] %}
{%- if 'agents_loaded_watermark_at' in previous_columns %}
    {%- set previous_watermark_sql = 'select max(agents_loaded_watermark_at) as agents_loaded_watermark_at, true as has_previous_run from ' ~ previous %}
{%- else %}
    {%- set previous_watermark_sql = 'select cast(null as ' ~ dbt.type_timestamp() ~ ') as agents_loaded_watermark_at, false as has_previous_run' %}
{%- endif %}

with

scope as (

    select * from {{ ref('int_incremental_scope') }}

),

-- every version (current, superseded or quarantined): a conversation whose created_at changed
-- also recomputes the periods it was counted in before
conversation_versions as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('base_helpdesk__conversations') }}

),

agent_versions as (

    select * from {{ ref('base_helpdesk__agents') }}

),

previous_watermark as (

    {{ previous_watermark_sql }}

),

current_watermark as (

    select max(_loaded_at) as agents_loaded_watermark_at from agent_versions

),

-- an agent row loaded since the previous run (a team or an hourly cost changed) can change the
-- routing and labour cost of any conversation: every period is recomputed (also on the first run)
agents_changed as (

    select
        not coalesce(
            previous_watermark.has_previous_run
            and (
                current_watermark.agents_loaded_watermark_at is null
                or current_watermark.agents_loaded_watermark_at <= previous_watermark.agents_loaded_watermark_at
            ),
            false
        ) as is_changed
    from previous_watermark
    cross join current_watermark

),

affected_versions as (

    select conversation_versions.created_at
    from conversation_versions
    inner join scope
        on conversation_versions.conversation_id = scope.conversation_id
    union all
    select conversation_versions.created_at
    from conversation_versions
    cross join agents_changed
    where agents_changed.is_changed

),

final as (

    select
        cast(affected_versions.created_at as date) as created_date,
        agents_changed.is_changed as recomputes_every_period,
        current_watermark.agents_loaded_watermark_at
    from affected_versions
    cross join agents_changed
    cross join current_watermark
    where affected_versions.created_at is not null
    group by 1, 2, 3

)

select * from final
