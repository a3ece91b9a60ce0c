{#- Message order: the one deterministic order of the public messages of a conversation, by
    created_at, then message_id when timestamps are equal (int_messages_sequenced and
    int_conversation_message_stats number messages with it). `partition` lists the columns the
    numbering restarts on. -#}
{% macro message_sequence(partition='conversation_id') -%}
    row_number() over (partition by {{ partition }} order by created_at, message_id)
{%- endmacro %}

{#- The data's high-water mark: the latest timestamp of every event table (current rows only).
    `layer` 'staging' reads the stg models (int_data_high_water_mark); 'base' reads the current
    rows of the base models, the same rows, one level earlier (int_incremental_scope, which
    must not wait for staging). Returns a select of one column, high_water_mark_at. -#}
{% macro data_high_water_mark(layer='staging') -%}
    {%- set event_tables = [
        ('conversations', 'created_at'),
        ('conversations', 'updated_at'),
        ('messages', 'created_at'),
        ('ticket_events', 'created_at'),
        ('handoffs', 'created_at'),
        ('ai_events', 'created_at'),
        ('csat_responses', 'responded_at'),
        ('message_feedback', 'created_at'),
    ] -%}
    select max(observed_at) as high_water_mark_at
    from (
        {%- for table_name, column in event_tables %}
        {%- if layer == 'base' %}
        select max({{ column }}) as observed_at from {{ ref('base_helpdesk__' ~ table_name) }} where _row_status = 'current'
        {%- else %}
        select max({{ column }}) as observed_at from {{ ref('stg_helpdesk__' ~ table_name) }}
        {%- endif %}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as observations
{%- endmacro %}

{#- Returns: pairs of a conversation (from `originals`) and a later conversation of the same
    customer (from `laters`) opened after it ended and within var return_window_long_hours,
    with the window and intent flags. Both relations carry conversation_id, customer_id,
    created_at, ended_at, intent and handling_path. int_conversation_facts counts them,
    int_conversation_returns lists them. -#}
{% macro conversation_return_pairs(originals, laters) -%}
    select
        pairs.*,
        pairs.intent is null or pairs.later_intent is null or pairs.intent = pairs.later_intent as is_same_or_unknown_intent,
        pairs.seconds_after_end <= {{ var('return_window_short_hours') }} * 3600 as is_within_short_window,
        pairs.seconds_after_end <= {{ var('return_window_long_hours') }} * 3600 as is_within_long_window,
        pairs.later_handling_path in ('human_only', 'ai_then_human')
        and pairs.seconds_after_end <= {{ var('follow_up_window_hours') }} * 3600 as is_follow_up_ticket
    from (
        select
            original.conversation_id,
            later.conversation_id as later_conversation_id,
            original.customer_id,
            original.ended_at,
            later.created_at as later_created_at,
            original.intent,
            later.intent as later_intent,
            later.handling_path as later_handling_path,
            {{ dbt.datediff('original.ended_at', 'later.created_at', 'second') }} as seconds_after_end
        from {{ originals }} as original
        inner join {{ laters }} as later
            on original.customer_id = later.customer_id
                and original.conversation_id != later.conversation_id
                and later.created_at > original.ended_at
                and later.created_at <= {{ dbt.dateadd('hour', var('return_window_long_hours'), 'original.ended_at') }}
    ) as pairs
{%- endmacro %}
