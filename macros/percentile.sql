{#- Continuous percentile (linear interpolation between the two nearest values, as
    percentile_cont does) of `expression` at `fraction` (0..1). An aggregate: use it in a grouped
    select, never as a window function. Nulls are ignored; null when the group has no value. -#}
{% macro percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile', 'supportmetrics')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro postgres__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__percentile(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- The median: the 0.5 continuous percentile. -#}
{% macro median(expression) -%}
    {{ supportmetrics.percentile(expression, 0.5) }}
{%- endmacro %}
