{{ config(enabled=true) }}
{%- set rejects = source('loader', '_load_rejects') -%}
{%- set rejects_exist = true -%}
{%- if execute -%}
    {%- set rejects_exist = load_relation(rejects) is not none -%}
{%- endif %}

with

source as (

    {% if rejects_exist %}
        select * from {{ rejects }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as table_name,
            cast(null as {{ dbt.type_string() }}) as source_file,
            cast(null as {{ dbt.type_bigint() }}) as line,
            cast(null as {{ dbt.type_string() }}) as column_name,
            cast(null as {{ dbt.type_string() }}) as error_type,
            cast(null as {{ dbt.type_string() }}) as error_message,
            cast(null as {{ dbt.type_bigint() }}) as first_line,
            cast(null as {{ dbt.type_bigint() }}) as last_line
        where 1 = 0
    {% endif %}

),

final as (

    select
        -- ids
        table_name,
        source_file,
        cast(line - 1 as {{ dbt.type_bigint() }}) as source_row,
        cast(line as {{ dbt.type_bigint() }}) as source_line,
        cast(first_line as {{ dbt.type_bigint() }}) as first_physical_line,
        cast(last_line as {{ dbt.type_bigint() }}) as last_physical_line,

        -- strings (raw_line is not selected: it may hold PII)
        column_name as rejected_column,
        lower(error_type) as error_type,
        error_message

    from source

)

select * from final
