{#- Case-sensitive substring test: does `haystack` contain `needle` (both SQL expressions)?
    Lower-case both sides for a case-insensitive match. -#}
{% macro text_contains(haystack, needle) -%}
    {{ return(adapter.dispatch('text_contains', 'supportmetrics')(haystack, needle)) }}
{%- endmacro %}

{% macro default__text_contains(haystack, needle) -%}
    {{ dbt.position(needle, haystack) }} > 0
{%- endmacro %}

{% macro duckdb__text_contains(haystack, needle) -%}
    contains({{ haystack }}, {{ needle }})
{%- endmacro %}

{% macro spark__text_contains(haystack, needle) -%}
    instr({{ haystack }}, {{ needle }}) > 0
{%- endmacro %}
