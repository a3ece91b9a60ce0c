{#-
  A CTE read more than once is materialized by DuckDB: its rows are copied into a temporary
  buffer before the query runs. For an import CTE (`select * from {{ ref(...) }}`, the whole
  table, filtered only where it is used) that copy is pure cost: at 10M conversations it spilled
  gigabytes to disk and took most of an incremental run's time, while a scan of the table in
  place reads only the columns and row groups each use needs. Write such a CTE as

      facts as {{ supportmetrics.not_materialized() }} (
          select * from {{ ref('int_conversation_facts') }}
      ),

  The hint is `not materialized` where the engine knows it (DuckDB; Postgres 12 and later, whose
  own default is already to inline a CTE read once), and nothing elsewhere (Spark and most cloud
  warehouses inline CTEs and do not accept the keyword).
-#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'supportmetrics')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}

{% macro postgres__not_materialized() -%}
    not materialized
{%- endmacro %}
