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

final as (

    select
        -- ids
        row_status_counts.table_name,

        -- numerics
        row_status_counts.table_order,
        row_status_counts.files_loaded,
        row_status_counts.raw_rows,
        staged_counts.staged_rows,
        row_status_counts.quarantined_rows,
        row_status_counts.exact_duplicates,
        row_status_counts.superseded_versions,
        coalesce(malformed_counts.malformed_lines, 0) as malformed_lines,
        row_status_counts.raw_rows
        - staged_counts.staged_rows
        - row_status_counts.quarantined_rows
        - row_status_counts.exact_duplicates
        - row_status_counts.superseded_versions as unexplained_rows,

        -- booleans
        row_status_counts.raw_rows = staged_counts.staged_rows
        + row_status_counts.quarantined_rows
        + row_status_counts.exact_duplicates
        + row_status_counts.superseded_versions as reconciles,
        staged_counts.staged_rows = row_status_counts.current_rows as staged_equals_current

    from row_status_counts
    inner join staged_counts
        on row_status_counts.table_name = staged_counts.table_name
    left join malformed_counts
        on row_status_counts.table_name = malformed_counts.table_name

)

select * from final
