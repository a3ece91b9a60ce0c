{#- Seeds on Apache Spark (dbt-spark), overriding two of its dispatched seed macros:
    - column_types in seeds/_seeds__models.yml are written in portable SQL (varchar, double
      precision, integer); Spark rejects `varchar` without a length and `double precision`, so
      they are translated to Spark types (string, double) here;
    - dbt-spark's session connection inlines seed values without escaping quotes, so a seed
      value holding a single quote breaks the insert; values are written as escaped literals.
    DuckDB and Postgres are not affected (spark__ only). -#}

{% macro spark_seed_column_type(column_type) -%}
    {%- set normalised = column_type | lower | trim -%}
    {%- if normalised in ('varchar', 'text', 'character varying', 'string') -%}
        {{ return('string') }}
    {%- elif normalised in ('double precision', 'float8', 'double') -%}
        {{ return('double') }}
    {%- elif normalised in ('integer', 'int4') -%}
        {{ return('int') }}
    {%- elif normalised in ('bigint', 'int8') -%}
        {{ return('bigint') }}
    {%- else -%}
        {{ return(column_type) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        {{ return('null') }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                {%- set type = supportmetrics.spark_seed_column_type(column_override.get(col_name, inferred_type)) -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }}
                {%- if not loop.last -%}, {%- endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {% endset %}

    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}

    {{ return(sql) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}

    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = supportmetrics.spark_seed_column_type(column_override.get(col_name, inferred_type)) -%}
                    cast({{ supportmetrics.spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                )
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}

    {{ return(statements[0]) }}
{% endmacro %}
