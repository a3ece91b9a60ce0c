{#- Join condition: `left.column = right.column` for each column, joined by `and`. -#}
{% macro same_keys(left, right, columns) -%}
    {%- for column in columns -%}
        {{ left }}.{{ column }} = {{ right }}.{{ column }}{{ '\n            and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
