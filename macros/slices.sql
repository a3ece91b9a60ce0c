{#- The period x slice fan-out, the one mechanism every sliced mart uses: one `select` per
    (grain, slice) over `relation`, joined by `union all`; aggregate the result by
    period_grain, period_start, slice_dimension and slice_value.

    relation: a CTE or relation name.
    slices: a mapping slice_dimension -> slice expression ("'all'" for overall), or -> a
      mapping {'value': expression, 'where': condition} to keep only the rows the condition holds
      for in that slice.
    columns: select expressions carried to every row.
    grains: optional list of date_trunc grains ('day', 'week', 'month'); with it, each row gets
      period_grain and period_start = date_trunc(grain, period_column) as a date.
    cross: optional one-entry mapping column -> list of expressions, a second fan-out crossed
      with the slices (e.g. {'handling_path': ['handling_path', "'all'"]}: every row once per
      path and once for all paths); the column is a string.
    A null slice value is 'unknown' (unknown_if_null), the project's one null-label convention. -#}
{% macro slice_fanout(relation, slices, columns, grains=none, period_column='created_date', cross=none) -%}
    {%- set grain_list = grains if grains else [none] -%}
    {%- if cross and cross | length != 1 -%}
        {{ exceptions.raise_compiler_error('slice_fanout: cross takes one column, got ' ~ cross | list) }}
    {%- endif -%}
    {%- set cross_column = (cross | list)[0] if cross else none -%}
    {%- set cross_list = cross[cross_column] if cross else [none] -%}
    {%- for grain in grain_list %}
        {%- set grain_loop = loop %}
        {%- for slice_dimension, slice_spec in slices.items() %}
            {%- set slice_loop = loop %}
            {%- set spec = slice_spec if slice_spec is mapping else {"value": slice_spec} %}
            {%- for cross_expression in cross_list %}
    select
        {%- if grain is not none %}
        '{{ grain }}' as period_grain,
        cast({{ dbt.date_trunc(grain, period_column) }} as date) as period_start,
        {%- endif %}
        '{{ slice_dimension }}' as slice_dimension,
        {{ supportmetrics.slice_value(spec['value']) }} as slice_value,
        {%- if cross_column %}
        cast({{ cross_expression }} as {{ dbt.type_string() }}) as {{ cross_column }},
        {%- endif %}
        {{ columns | join(',\n        ') }}
    from {{ relation }}
                {%- if spec.get('where') %}
    where {{ spec['where'] }}
                {%- endif %}
    {{ 'union all' if not (grain_loop.last and slice_loop.last and loop.last) }}
            {%- endfor %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}

{#- A slice value: the expression as a string, 'unknown' when null. -#}
{% macro slice_value(expression) -%}
    {{ supportmetrics.unknown_if_null('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')') }}
{%- endmacro %}
