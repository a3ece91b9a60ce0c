{#-
  Incremental refresh of period-grain marts (one rule, one place).

  A period mart (one row per created period x slice) can change only in the periods of the
  conversations an incremental run recomputes: the created dates of int_incremental_created_dates
  (every version's created date of the conversations in int_incremental_scope, so a conversation
  whose created_at moved also recomputes the period it left). On an incremental run such a mart
  reads only the conversations created in those periods (in_incremental_periods), deletes its rows
  of those periods and inserts the recomputed ones (delete+insert on the period column; a pre-hook
  also deletes an affected period that has no row left, which delete+insert alone would keep).
  A mart dated by each event's own date (a draft by its suggestion, a work session by its start)
  reads int_incremental_activity_dates instead: the dates of every version of every event of the
  conversations in scope, as well as their created dates.
  --full-refresh (and the first run) rebuilds every period.
-#}

{#- `period_column`: the mart's period (a date, e.g. created_month); `grain`: its date_trunc
    grain (day, week, month); `dates`: the model listing the dates the run recomputes,
    int_incremental_<kind>_dates with a column <kind>_date (int_incremental_created_dates: the
    created dates of the conversations in scope; int_incremental_activity_dates: the dates of
    every event of theirs, for a mart dated by each event's own date). -#}
{% macro incremental_period_config(period_column, grain, dates='int_incremental_created_dates') -%}
    {{ return(adapter.dispatch('incremental_period_config', 'supportmetrics')(period_column, grain, dates)) }}
{%- endmacro %}

{% macro default__incremental_period_config(period_column, grain, dates='int_incremental_created_dates') -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': period_column,
        'on_schema_change': 'fail',
        'pre_hook': [
            "{{ supportmetrics.delete_incremental_periods('" ~ period_column ~ "', '" ~ grain ~ "', '" ~ dates ~ "') }}"
        ],
    }) }}
{%- endmacro %}

{#- Spark: delete+insert needs a transactional table format; rebuilt in full on every run
    (as the conversation-grain models, macro incremental_conversation_config). -#}
{% macro spark__incremental_period_config(period_column, grain, dates='int_incremental_created_dates') -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- The periods of `grain` an incremental run recomputes: one row per period_start (a date). -#}
{% macro incremental_periods(grain, dates='int_incremental_created_dates') -%}
    select distinct cast({{ dbt.date_trunc(grain, dates.split('_')[-2] ~ '_date') }} as date) as period_start
    from {{ ref(dates) }}
{%- endmacro %}

{#- The pre-hook of an incremental run: delete the mart's rows of the periods it recomputes
    (nothing on a full refresh, when the table is rebuilt). -#}
{% macro delete_incremental_periods(period_column, grain, dates='int_incremental_created_dates') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ period_column }} in (
            select period_start from ({{ supportmetrics.incremental_periods(grain, dates) }}) as affected
        )
    {%- endif -%}
{%- endmacro %}

{#- A filter on a mart's input: true for the rows whose `column` (a date or timestamp) falls in a
    period of `grain` the run recomputes; 1 = 1 on a full refresh. The ref is taken outside the
    condition so that dbt orders the mart after the dates model. -#}
{% macro in_incremental_periods(column, grain, dates='int_incremental_created_dates') -%}
    {%- set periods = ref(dates) -%}
    {%- if this is not none and is_incremental() -%}
        cast({{ dbt.date_trunc(grain, column) }} as date) in (
            select period_start from ({{ supportmetrics.incremental_periods(grain, dates) }}) as affected
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- True on an incremental run that must recompute every row of the models reading the agents
    (an agent row loaded since the previous run: int_incremental_created_dates then lists every
    date); false otherwise, and on a full refresh (every row is rebuilt anyway). -#}
{% macro incremental_agents_changed() -%}
    {%- set dates = ref('int_incremental_created_dates') -%}
    {%- if this is not none and is_incremental() -%}
        exists (select 1 from {{ dates }} as created_dates where created_dates.recomputes_every_period)
    {%- else -%}
        1 = 0
    {%- endif -%}
{%- endmacro %}

{#- A mart holding several grains in one table (one row per period_grain x period_start x
    slice: day, week and month rows side by side) is updated the same way, grain by grain: it
    reads the conversations created in an affected period of any of its grains
    (in_incremental_periods_of_grains on the input), keeps only the rows of affected periods
    (in_incremental_grain_rows on the output: a week that straddles an affected month but has no
    affected day of its own was read only in part), and deletes those rows first. `grains`: the
    list of grains the table holds. -#}
{% macro incremental_grains_config(grains) -%}
    {{ return(adapter.dispatch('incremental_grains_config', 'supportmetrics')(grains)) }}
{%- endmacro %}

{% macro default__incremental_grains_config(grains) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': ['period_grain', 'period_start'],
        'on_schema_change': 'fail',
        'pre_hook': ["{{ supportmetrics.delete_incremental_grains(" ~ grains ~ ") }}"],
    }) }}
{%- endmacro %}

{% macro spark__incremental_grains_config(grains) -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- The rows (period_grain, period_start) of the periods an incremental run recomputes, grain by
    grain; false for a grain the run does not touch. -#}
{% macro affected_grain_rows(grains) -%}
    (
    {%- for grain in grains %}
        (period_grain = '{{ grain }}' and period_start in (
            select period_start from ({{ supportmetrics.incremental_periods(grain) }}) as affected
        ))
        {{- ' or' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{% macro delete_incremental_grains(grains) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ supportmetrics.affected_grain_rows(grains) }}
    {%- endif -%}
{%- endmacro %}

{#- Input filter: the rows whose `column` falls in an affected period of any of `grains`. -#}
{% macro in_incremental_periods_of_grains(column, grains) -%}
    (
    {%- for grain in grains %}
        {{ supportmetrics.in_incremental_periods(column, grain) }}
        {{- ' or' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{#- Output filter: the rows of the affected periods; 1 = 1 on a full refresh. -#}
{% macro in_incremental_grain_rows(grains) -%}
    {%- set periods = ref('int_incremental_created_dates') -%}
    {%- if this is not none and is_incremental() -%}
        {{ supportmetrics.affected_grain_rows(grains) }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
