{#- The rows of a relation that may not exist yet (the loader's bookkeeping tables exist only after
    a load that used them), else no rows of the same typed shape. `columns` lists (name, type)
    pairs for the empty shape; the models cast what they read either way. -#}
{% macro optional_relation(relation, columns) -%}
    {%- set relation_exists = true -%}
    {%- if execute -%}
        {%- set relation_exists = load_relation(relation) is not none -%}
    {%- endif -%}
    {%- if relation_exists -%}
        select * from {{ relation }}
    {%- else -%}
        {{ supportmetrics.empty_select(columns) }}
    {%- endif -%}
{%- endmacro %}

{#- No rows, typed: one null column per (name, type) pair. -#}
{% macro empty_select(columns) -%}
    select
    {%- for column_name, column_type in columns %}
        cast(null as {{ column_type }}) as {{ column_name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where 1 = 0
{%- endmacro %}
