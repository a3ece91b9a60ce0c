{{ config(enabled=true) }}
{%- set load_files = source('loader', '_load_files') -%}
{%- set load_files_exist = true -%}
{%- if execute -%}
    {%- set load_files_exist = load_relation(load_files) is not none -%}
{%- endif %}

with

source as (

    {% if load_files_exist %}
        select * from {{ load_files }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as table_name,
            cast(null as {{ dbt.type_string() }}) as source_file,
            cast(null as {{ dbt.type_bigint() }}) as file_size,
            cast(null as {{ dbt.type_timestamp() }}) as loaded_at,
            cast(null as {{ dbt.type_bigint() }}) as file_records,
            cast(null as {{ dbt.type_bigint() }}) as rows_loaded,
            cast(null as {{ dbt.type_bigint() }}) as lines_rejected,
            cast(null as {{ dbt.type_string() }}) as encoding
        where 1 = 0
    {% endif %}

),

final as (

    select
        -- ids
        table_name,
        source_file,

        -- strings
        encoding as source_encoding,

        -- numerics
        cast(file_size as {{ dbt.type_bigint() }}) as file_size_bytes,
        cast(file_records as {{ dbt.type_bigint() }}) as file_records,
        cast(rows_loaded as {{ dbt.type_bigint() }}) as rows_loaded,
        cast(lines_rejected as {{ dbt.type_bigint() }}) as lines_rejected,

        -- timestamps
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at

    from source

)

select * from final
