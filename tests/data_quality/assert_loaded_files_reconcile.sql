{#- The file leg, file by file: every record the loader counted in a file (raw._load_files,
    counted independently of the CSV parser) reached the base model or raw._load_rejects, and
    nothing else did. Returns the files whose counts differ. -#}
{%- set tables = supportmetrics.helpdesk_tables() -%}

with

load_files as (

    select * from {{ ref('stg_loader__load_files') }}

),

load_rejects as (

    select * from {{ ref('stg_loader__load_rejects') }}

),

base_rows as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            _source_file as source_file,
            count(*) as base_rows
        from {{ ref('base_helpdesk__' ~ table_name) }}
        group by 1, 2
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

),

rejected_lines as (

    select
        table_name,
        source_file,
        count(*) as rejected_lines
    from load_rejects
    group by 1, 2

),

compared as (

    select
        load_files.table_name,
        load_files.source_file,
        load_files.file_records,
        load_files.rows_loaded,
        load_files.lines_rejected,
        coalesce(base_rows.base_rows, 0) as base_rows,
        coalesce(rejected_lines.rejected_lines, 0) as rejected_lines
    from load_files
    left join base_rows
        on
            load_files.table_name = base_rows.table_name
            and load_files.source_file = base_rows.source_file
    left join rejected_lines
        on
            load_files.table_name = rejected_lines.table_name
            and load_files.source_file = rejected_lines.source_file

)

select *
from compared
where file_records != base_rows + rejected_lines
    or rows_loaded != base_rows
    or lines_rejected != rejected_lines
