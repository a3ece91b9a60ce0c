{{ config(enabled=true) }}

with

source as (

    {{ supportmetrics.optional_relation(source('loader', '_load_files'), [
        ('table_name', dbt.type_string()),
        ('source_file', dbt.type_string()),
        ('file_size', dbt.type_bigint()),
        ('loaded_at', dbt.type_timestamp()),
        ('file_records', dbt.type_bigint()),
        ('rows_loaded', dbt.type_bigint()),
        ('lines_rejected', dbt.type_bigint()),
        ('encoding', dbt.type_string()),
    ]) }}

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
