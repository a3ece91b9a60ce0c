{#- A derived table of the integers first..last (inclusive) in one column: small fixed spines. -#}
{% macro integer_rows(first, last, column_name) -%}
    {%- for value in range(first, last + 1) %}
        select {{ value }} as {{ column_name }}{{ ' union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
