{{ config(enabled=true) }}

with

source as (

    {{ supportmetrics.optional_relation(source('loader', '_load_rejects'), [
        ('table_name', dbt.type_string()),
        ('source_file', dbt.type_string()),
        ('line', dbt.type_bigint()),
        ('column_name', dbt.type_string()),
        ('error_type', dbt.type_string()),
        ('error_message', dbt.type_string()),
        ('first_line', dbt.type_bigint()),
        ('last_line', dbt.type_bigint()),
    ]) }}

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
