{#-
  Incremental refresh of conversation-grain and message-grain intermediate models.

  On an incremental run, a model recomputes only the conversations in int_incremental_scope
  (activity within var incremental_lookback_hours of the data's high-water mark, counted from
  the earlier of the previous run's mark and this run's, rows loaded
  since the previous run whatever their timestamps and the conversations of their earlier
  versions, and the same customer's earlier
  conversations those rows can affect) and replaces their rows: a pre-hook first deletes the rows of every conversation in scope, so that a
  conversation that yields no row any more, such as one whose only handoff was corrected to
  another conversation, keeps none; the recomputed rows, all of conversations in scope, are then
  appended. delete+insert would delete the same rows a second time, probing the whole table
  again: 1 to 3 s a model at 10M conversations).
  The lookback must cover the longest window a new row can change (the 72 h
  return window) plus late-arriving data: default 96 h.
-#}
{#- `high_water_mark_column`: a column holding the data's high-water mark on every row
    (int_data_high_water_mark). A run rewrites only the conversations in scope, so a post-hook
    sets the current mark on the rows it kept: every row shows the mark of the latest run, as
    after a full refresh. -#}
{#- `recomputes_all_when_agents_change`: the model recomputes every row when an agent row was
    loaded since the previous run (macro incremental_agents_changed); its pre-hook then deletes
    every row. `recomputes_beyond_scope`: the model also recomputes conversations outside the
    scope (fct_conversation_experience: every conversation of the customers in scope), whose rows
    the pre-hook does not delete: delete+insert on conversation_id replaces them. -#}
{% macro incremental_conversation_config(high_water_mark_column=none, recomputes_all_when_agents_change=false, recomputes_beyond_scope=false) -%}
    {{ return(adapter.dispatch('incremental_conversation_config', 'supportmetrics')(high_water_mark_column, recomputes_all_when_agents_change, recomputes_beyond_scope)) }}
{%- endmacro %}

{% macro default__incremental_conversation_config(high_water_mark_column=none, recomputes_all_when_agents_change=false, recomputes_beyond_scope=false) -%}
    {%- set config = {
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert' if recomputes_beyond_scope else 'append',
        'on_schema_change': 'fail',
        'pre_hook': ["{{ supportmetrics.delete_incremental_conversations(" ~ recomputes_all_when_agents_change ~ ") }}"],
    } -%}
    {%- if recomputes_beyond_scope -%}
        {%- do config.update({'unique_key': 'conversation_id'}) -%}
    {%- endif -%}
    {%- if high_water_mark_column -%}
        {%- do config.update({'post_hook': [
            "update {{ this }} set " ~ high_water_mark_column ~ " = (select max(high_water_mark_at) from "
            ~ "{{ ref('int_data_high_water_mark') }}) where " ~ high_water_mark_column ~ " is distinct from "
            ~ "(select max(high_water_mark_at) from {{ ref('int_data_high_water_mark') }})"
        ]}) -%}
    {%- endif -%}
    {{ return(config) }}
{%- endmacro %}

{#- Spark: delete+insert needs a transactional table format (Delta, Iceberg); on plain Parquet
    tables these models are rebuilt in full on every run. -#}
{% macro spark__incremental_conversation_config(high_water_mark_column=none, recomputes_all_when_agents_change=false, recomputes_beyond_scope=false) -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- The pre-hook of an incremental run: delete the model's rows of the conversations in scope,
    and every row when `when_agents_change` and an agent row was loaded (nothing on a full
    refresh, when the table is rebuilt). The run happens in the model's transaction, so a failed
    build keeps the rows. -#}
{% macro delete_incremental_conversations(when_agents_change=false) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where conversation_id in (select conversation_id from {{ ref('int_incremental_scope') }})
        {%- if when_agents_change %}
            or {{ supportmetrics.incremental_agents_changed() }}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{% macro in_incremental_scope(column='conversation_id') -%}
    {%- set scope = ref('int_incremental_scope') -%}
    {%- if this is not none and is_incremental() -%}
        {{ column }} in (select conversation_id from {{ scope }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- The conversation tables an incremental run scans for activity: base model (without the
    `base_helpdesk__` prefix) and the columns that date a row's activity. One list, read by
    int_incremental_scope (what puts a conversation in scope) and int_incremental_activity_dates
    (which days a conversation's events are counted on). Message feedback is dated through its
    message and handled apart. -#}
{% macro conversation_activity_columns() -%}
    {{ return({
        'conversations': ['updated_at', 'created_at'],
        'messages': ['created_at'],
        'ticket_events': ['created_at'],
        'handoffs': ['created_at'],
        'ai_events': ['created_at'],
        'csat_responses': ['responded_at'],
        'qa_reviews': ['reviewed_at'],
        'agent_work_sessions': ['started_at'],
    }) }}
{%- endmacro %}

{#- int_incremental_scope's filters of one table's rows (`alias`, a base model), written once for
    the conversation tables and message feedback. They read that model's CTEs `cutoff`,
    `previous_watermark` and `keys_loaded_since_previous_run`.
    scope_row_is_recent: a current row dated on or after the cutoff by one of `columns`. -#}
{% macro scope_row_is_recent(alias, columns) -%}
    ({{ alias }}._row_status = 'current' and ({% for column in columns %}{{ alias }}.{{ column }} >= cutoff.cutoff_at{% if not loop.last %} or {% endif %}{% endfor %}))
{%- endmacro %}

{#- scope_row_can_change_scope: every row on a first run, rows loaded since the previous run,
    every version of their keys, and recent rows. -#}
{% macro scope_row_can_change_scope(alias, source_table, columns) -%}
    (
        previous_watermark.loaded_watermark_at is null
        or {{ alias }}._loaded_at > previous_watermark.loaded_watermark_at
        or {{ supportmetrics.scope_row_is_recent(alias, columns) }}
        or {{ alias }}._base_key in (
            select keys_loaded_since_previous_run._base_key
            from keys_loaded_since_previous_run
            where keys_loaded_since_previous_run.source_table = '{{ source_table }}'
        )
    )
{%- endmacro %}
