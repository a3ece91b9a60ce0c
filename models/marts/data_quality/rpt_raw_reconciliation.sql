{%- set tables = supportmetrics.helpdesk_tables() -%}

with

{% for table_name in tables %}
    base_{{ table_name }} as (

        select * from {{ ref('base_helpdesk__' ~ table_name) }}

    ),

    stg_{{ table_name }} as (

        select * from {{ ref('stg_helpdesk__' ~ table_name) }}

    ),

{% endfor %}
load_rejects as (

    select * from {{ ref('stg_loader__load_rejects') }}

),

load_files as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_loader__load_files') }}

),

manifest_present as (

    select count(*) > 0 as has_manifest
    from load_files

),

file_record_counts as (

    select
        table_name,
        cast(sum(file_records) as {{ dbt.type_bigint() }}) as file_records
    from load_files
    group by 1

),

row_status_counts as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            {{ loop.index }} as table_order,
            count(*) as raw_rows,
            count(distinct _source_file) as files_loaded,
            count(case when _row_status = 'current' then 1 end) as current_rows,
            count(case when _row_status = 'quarantined' then 1 end) as quarantined_rows,
            count(case when _row_status = 'exact_duplicate' then 1 end) as exact_duplicates,
            count(case when _row_status = 'superseded' then 1 end) as superseded_versions
        from base_{{ table_name }}
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

),

staged_counts as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            count(*) as staged_rows
        from stg_{{ table_name }}
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

),

malformed_counts as (

    select
        table_name,
        count(*) as malformed_lines
    from load_rejects
    group by 1

),

counted as (

    select
        row_status_counts.table_name,
        row_status_counts.table_order,
        row_status_counts.files_loaded,
        row_status_counts.raw_rows,
        row_status_counts.current_rows,
        staged_counts.staged_rows,
        row_status_counts.quarantined_rows,
        row_status_counts.exact_duplicates,
        row_status_counts.superseded_versions,
        coalesce(malformed_counts.malformed_lines, 0) as malformed_lines,
        -- null when the raw tables were not landed by `supportmetrics load` (no manifest)
        case
            when manifest_present.has_manifest then coalesce(file_record_counts.file_records, 0)
        end as file_records
    from row_status_counts
    inner join staged_counts
        on row_status_counts.table_name = staged_counts.table_name
    cross join manifest_present
    left join malformed_counts
        on row_status_counts.table_name = malformed_counts.table_name
    left join file_record_counts
        on row_status_counts.table_name = file_record_counts.table_name

),

final as (

    select
        -- ids
        table_name,

        -- numerics
        table_order,
        files_loaded,
        file_records,
        raw_rows,
        staged_rows,
        quarantined_rows,
        exact_duplicates,
        superseded_versions,
        malformed_lines,
        raw_rows
        - staged_rows
        - quarantined_rows
        - exact_duplicates
        - superseded_versions as unexplained_rows,
        file_records
        - staged_rows
        - quarantined_rows
        - exact_duplicates
        - superseded_versions
        - malformed_lines as unexplained_file_records,

        -- booleans
        raw_rows = staged_rows
        + quarantined_rows
        + exact_duplicates
        + superseded_versions
        and coalesce(file_records = raw_rows + malformed_lines, true) as reconciles,
        file_records is not null as file_records_known,
        staged_rows = current_rows as staged_equals_current

    from counted

)

select * from final
