{#-
  Incremental refresh of conversation-grain and message-grain intermediate models.

  On an incremental run, a model recomputes only the conversations in int_incremental_scope
  (activity within var incremental_lookback_hours of the data's high-water mark, rows loaded
  since the previous run whatever their timestamps, and the same customer's earlier
  conversations those rows can affect) and replaces their rows (delete+insert on
  conversation_id). The lookback must cover the longest window a new row can change (the 72 h
  return window) plus late-arriving data: default 96 h.
-#}
{% macro incremental_conversation_config() -%}
    {{ return(adapter.dispatch('incremental_conversation_config', 'supportmetrics')()) }}
{%- endmacro %}

{% macro default__incremental_conversation_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': 'conversation_id',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- Spark: delete+insert needs a transactional table format (Delta, Iceberg); on plain Parquet
    tables these models are rebuilt in full on every run. -#}
{% macro spark__incremental_conversation_config() -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{% macro in_incremental_scope(column='conversation_id') -%}
    {%- set scope = ref('int_incremental_scope') -%}
    {%- if this is not none and is_incremental() -%}
        {{ column }} in (select conversation_id from {{ scope }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
