{%- set previous_scope = load_relation(this) if execute else none %}
{%- set previous_columns = adapter.get_columns_in_relation(previous_scope) | map(attribute='name') | map('lower') | list if previous_scope is not none else [] %}
{%- if 'loaded_watermark_at' in previous_columns %}
    {%- set previous_watermark_sql = 'select max(loaded_watermark_at) as loaded_watermark_at from ' ~ previous_scope %}
{%- else %}
    {%- set previous_watermark_sql = 'select cast(null as ' ~ dbt.type_timestamp() ~ ') as loaded_watermark_at' %}
{%- endif %}
{%- if 'high_water_mark_at' in previous_columns %}
    {%- set previous_high_water_mark_sql = 'select max(high_water_mark_at) as high_water_mark_at from ' ~ previous_scope %}
{%- else %}
    {%- set previous_high_water_mark_sql = 'select cast(null as ' ~ dbt.type_timestamp() ~ ') as high_water_mark_at' %}
{%- endif %}

with

conversations as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_helpdesk__conversations') }}

),

-- the same mark as int_data_high_water_mark (one macro), read from the base models' current rows
high_water_mark as (

    {{ supportmetrics.data_high_water_mark('base') }}

),

-- the base models' rows of every version (current, superseded, quarantined); the conversation
-- tables are read in place with a filter of their own: import CTEs of them, read several times,
-- were copied whole by DuckDB and spilled 9 GiB at 10M conversations (macros/cte_hints.sql)
base_customers as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('base_helpdesk__customers') }}

),

base_accounts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('base_helpdesk__accounts') }}

),

{%- set activity_columns = supportmetrics.conversation_activity_columns() %}

previous_watermark as (

    {{ previous_watermark_sql }}

),

-- the latest load of any row that can change a conversation, a customer or an account
current_watermark as (

    select max(loaded_at) as loaded_watermark_at
    from (
        {%- for table in (activity_columns | list) + ['message_feedback'] %}
            select max(_loaded_at) as loaded_at from {{ ref('base_helpdesk__' ~ table) }}
            union all
        {%- endfor %}
        select max(_loaded_at) as loaded_at from base_customers
        union all
        select max(_loaded_at) as loaded_at from base_accounts
    ) as loads

),

previous_high_water_mark as (

    {{ previous_high_water_mark_sql }}

),

-- the lookback is counted from the earlier of the previous run's mark and this run's: every
-- conversation still pending at the previous run (ended within the 72 h window of its mark) is
-- recomputed, however far the mark moved since (a refresh after a gap of days)
cutoff as (

    select
        {{ dbt.dateadd(
            'hour',
            -1 * var('incremental_lookback_hours'),
            'case when previous_high_water_mark.high_water_mark_at < high_water_mark.high_water_mark_at '
            ~ 'then previous_high_water_mark.high_water_mark_at else high_water_mark.high_water_mark_at end'
        ) }} as cutoff_at
    from high_water_mark
    cross join previous_high_water_mark

),

-- the rows (table and key) of which a version was loaded since the previous run (all statuses:
-- a quarantined or superseded row still marks what was loaded)
keys_loaded_since_previous_run as (

    {%- for source_table in activity_columns %}
        {%- set cte = 'base_' ~ source_table %}
        select
            '{{ source_table }}' as source_table,
            {{ cte }}._base_key
        from {{ ref('base_helpdesk__' ~ source_table) }} as {{ cte }}
        cross join previous_watermark
        where {{ cte }}._loaded_at > previous_watermark.loaded_watermark_at
            and {{ cte }}.conversation_id is not null
            and {{ cte }}._base_key is not null
        union
    {%- endfor %}
    select
        'message_feedback' as source_table,
        base_message_feedback._base_key
    from {{ ref('base_helpdesk__message_feedback') }} as base_message_feedback
    cross join previous_watermark
    where base_message_feedback._loaded_at > previous_watermark.loaded_watermark_at
        and base_message_feedback._base_key is not null

),

-- message feedback rows of the same kinds, filtered before they are joined to their messages
feedback_rows as (

    select
        base_message_feedback.message_id,
        {{ supportmetrics.scope_row_is_recent('base_message_feedback', ['created_at']) }} as is_recent,
        base_message_feedback._loaded_at,
        base_message_feedback._base_key
    from {{ ref('base_helpdesk__message_feedback') }} as base_message_feedback
    cross join previous_watermark
    cross join cutoff
    where {{ supportmetrics.scope_row_can_change_scope('base_message_feedback', 'message_feedback', ['created_at']) }}

),

-- the raw rows that can put a conversation in scope, each table filtered on its own before the
-- union (at 10M conversations a union of every row of every table, read several times, spilled
-- to disk): rows loaded since the previous run, every version of their keys, and current rows
-- active since the cutoff; with their activity time, load time, table and key
conversation_rows as (

    {%- for source_table, columns in activity_columns.items() %}
        {%- set cte = 'base_' ~ source_table %}
        select
            {{ cte }}.conversation_id,
            {{ supportmetrics.scope_row_is_recent(cte, columns) }} as is_recent,
            {{ cte }}._loaded_at,
            '{{ source_table }}' as source_table,
            {{ cte }}._base_key
        from {{ ref('base_helpdesk__' ~ source_table) }} as {{ cte }}
        cross join previous_watermark
        cross join cutoff
        where {{ cte }}.conversation_id is not null
            and {{ supportmetrics.scope_row_can_change_scope(cte, source_table, columns) }}
        union all
    {%- endfor %}
    select
        base_messages.conversation_id,
        feedback_rows.is_recent,
        feedback_rows._loaded_at,
        'message_feedback' as source_table,
        feedback_rows._base_key
    from feedback_rows
    inner join {{ ref('base_helpdesk__messages') }} as base_messages
        on feedback_rows.message_id = base_messages.message_id
    where base_messages._row_status = 'current'

),

-- customers whose own row, or whose account's row, had a version loaded since the previous
-- run: a customer moved to another account, or an account moved to another segment, relabels
-- every conversation of the customer, however old (the account's customers of any version)
customers_loaded_since_previous_run as (

    select base_customers.customer_id
    from base_customers
    cross join previous_watermark
    where base_customers._loaded_at > previous_watermark.loaded_watermark_at
        and base_customers.customer_id is not null
    union
    select base_customers.customer_id
    from base_customers
    inner join base_accounts
        on base_customers.account_id = base_accounts.account_id
    cross join previous_watermark
    where base_accounts._loaded_at > previous_watermark.loaded_watermark_at
        and base_customers.customer_id is not null

),

conversations_of_changed_customers as (

    select conversations.conversation_id
    from conversations
    inner join customers_loaded_since_previous_run
        on conversations.customer_id = customers_loaded_since_previous_run.customer_id

),

-- the conversations of rows loaded since the previous run, and of every earlier version of the
-- same rows: a corrected row that moved to another conversation (a handoff logged against the
-- wrong ticket) changes the conversation it left as well
loaded_since_previous_run as (

    select conversation_rows.conversation_id
    from conversation_rows
    cross join previous_watermark
    where previous_watermark.loaded_watermark_at is null
        or conversation_rows._loaded_at > previous_watermark.loaded_watermark_at
    union
    select conversation_rows.conversation_id
    from conversation_rows
    inner join keys_loaded_since_previous_run
        on conversation_rows.source_table = keys_loaded_since_previous_run.source_table
            and conversation_rows._base_key = keys_loaded_since_previous_run._base_key

),

loaded_conversations as (

    select
        conversations.customer_id,
        conversations.created_at,
        {{ dbt.dateadd('hour', -1 * var('incremental_lookback_hours'), 'conversations.created_at') }} as lookback_from
    from loaded_since_previous_run
    inner join conversations
        on loaded_since_previous_run.conversation_id = conversations.conversation_id

),

earlier_conversations_of_the_same_customer as (

    select earlier.conversation_id
    from loaded_conversations
    inner join conversations as earlier
        on loaded_conversations.customer_id = earlier.customer_id
            and earlier.created_at <= loaded_conversations.created_at
            and earlier.updated_at >= loaded_conversations.lookback_from
    group by 1

),

recent_activity as (

    select conversation_rows.conversation_id
    from conversation_rows
    where conversation_rows.is_recent

),

in_scope as (

    select conversation_id from recent_activity
    union
    select conversation_id from loaded_since_previous_run
    union
    select conversation_id from earlier_conversations_of_the_same_customer
    union
    select conversation_id from conversations_of_changed_customers

),

final as (

    select
        in_scope.conversation_id,
        current_watermark.loaded_watermark_at,
        high_water_mark.high_water_mark_at
    from in_scope
    cross join current_watermark
    cross join high_water_mark

)

select * from final
