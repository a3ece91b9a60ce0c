{#- The (table_name, column_name) pairs, lower-cased, of the tables `table_names` in schema
    `schema_name`: a query for a CTE body. Used by the "marts hold no PII" tests. Postgres and
    DuckDB read information_schema.columns; Spark has no information_schema for its session
    catalog, so the pairs are read from the catalog at run time (adapter.get_columns_in_relation)
    and written out as literals. A table that does not exist contributes no row. -#}
{% macro catalog_columns(schema_name, table_names) -%}
    {{ return(adapter.dispatch('catalog_columns', 'supportmetrics')(schema_name, table_names)) }}
{%- endmacro %}

{% macro default__catalog_columns(schema_name, table_names) -%}
    select
        lower(table_name) as table_name,
        lower(column_name) as column_name
    from information_schema.columns
    where lower(table_schema) = lower('{{ schema_name }}')
        and lower(table_name) in (
            '{{ table_names | join("', '") }}'
        )
{%- endmacro %}

{% macro spark__catalog_columns(schema_name, table_names) -%}
    {%- set pairs = [] -%}
    {%- if execute -%}
        {%- for table_name in table_names -%}
            {%- set relation = adapter.get_relation(database=none, schema=schema_name, identifier=table_name) -%}
            {%- if relation is not none -%}
                {%- for column in adapter.get_columns_in_relation(relation) -%}
                    {%- do pairs.append((table_name | lower, column.name | lower)) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if pairs -%}
        {%- for table_name, column_name in pairs %}
    select '{{ table_name }}' as table_name, '{{ column_name }}' as column_name
    {%- if not loop.last %}
    union all{% endif -%}
        {%- endfor -%}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as table_name,
        cast(null as {{ dbt.type_string() }}) as column_name
    where 1 = 0
    {%- endif -%}
{%- endmacro %}
