{#- dbt.listagg on Apache Spark, overriding dbt-spark's spark__listagg, which ignores the
    order_by_clause (collect_list has no order) and returns '' instead of NULL when every value
    is null. Here the values are collected with their sort keys, sorted, then joined: the same
    string as string_agg / listagg ... within group (order by ...) on DuckDB and Postgres.
    The order_by_clause must be `order by <expr>[, <expr>...]`, ascending (ties are broken by
    the value itself). -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- set keys = supportmetrics.spark_listagg_order_keys(order_by_clause) -%}
    {%- set fields = [] -%}
    {%- for key in keys -%}
        {%- do fields.append("'k" ~ loop.index ~ "', " ~ key) -%}
    {%- endfor -%}
    {%- do fields.append("'v', " ~ measure) -%}
    {%- set sorted -%}
        transform(
            array_sort(collect_list(case when ({{ measure }}) is not null then named_struct({{ fields | join(', ') }}) end)),
            item -> item.v
        )
    {%- endset -%}
    {%- if limit_num -%}
        {%- set sorted = 'slice(' ~ sorted ~ ', 1, ' ~ limit_num ~ ')' -%}
    {%- endif -%}
    case when count({{ measure }}) > 0 then array_join({{ sorted }}, {{ delimiter_text }}) end
{%- endmacro %}

{#- The expressions of an `order by a, f(b, c)` clause, split on top-level commas. -#}
{% macro spark_listagg_order_keys(order_by_clause) -%}
    {%- if not order_by_clause -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set clause = order_by_clause | trim -%}
    {%- if not clause.lower().startswith('order by') -%}
        {%- do exceptions.raise_compiler_error("listagg: order_by_clause must start with 'order by': " ~ clause) -%}
    {%- endif -%}
    {%- set state = namespace(depth=0, current='', keys=[]) -%}
    {%- for char in clause[8:] -%}
        {%- if char == ',' and state.depth == 0 -%}
            {%- set state.keys = state.keys + [state.current | trim] -%}
            {%- set state.current = '' -%}
        {%- else -%}
            {%- if char == '(' -%}{%- set state.depth = state.depth + 1 -%}{%- endif -%}
            {%- if char == ')' -%}{%- set state.depth = state.depth - 1 -%}{%- endif -%}
            {%- set state.current = state.current ~ char -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set keys = state.keys + [state.current | trim] -%}
    {%- set cleaned = [] -%}
    {%- for key in keys -%}
        {%- set lowered = key.lower() -%}
        {%- if lowered.endswith(' desc') or ' nulls ' in lowered -%}
            {%- do exceptions.raise_compiler_error("listagg on Spark: only ascending order keys are supported, got '" ~ key ~ "'") -%}
        {%- endif -%}
        {%- do cleaned.append(key[:-4] | trim if lowered.endswith(' asc') else key) -%}
    {%- endfor -%}
    {{ return(cleaned) }}
{%- endmacro %}
